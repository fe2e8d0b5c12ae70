"""Breakdowns the real-document set needs: descenders, lengths up to 80+, and reports that predate them."""
from __future__ import annotations

from thaiocr.evaluation import metrics
from thaiocr.evaluation.report import markdown


def test_descender_groups():
    assert metrics.descender_group("ผู้ใหญ่") == "with descenders"      # ู and ญ
    assert metrics.descender_group("สวัสดีครับ") == "without descenders"
    assert metrics.descender_group("Hello (world)") == "with descenders"
    assert metrics.descender_group("HELLO 2567") == "without descenders"


def test_length_buckets_reach_80_plus():
    assert [metrics.length_bucket(n) for n in (60, 61, 79, 80, 200)] == ["41-60", "61-79", "61-79", "80+", "80+"]


def _engine(with_descender: bool = True) -> dict:
    agg = {"lines": 2, "cer": 0.1}
    e = {"cer": 0.1, "cer_nospace": 0.1, "wer": 0.2, "line_accuracy": 0.5, "ms_per_line": 1.0, "lines_per_s": 9.0,
         "p95_ms": 2.0, "batch_size": 8, "by_font": {"Loma": agg}, "by_effect": {"none": agg},
         "by_length": {"80+": agg}, "confusions": [], "worst": []}
    if with_descender:
        e["by_descender"] = {"with descenders": agg, "without descenders": {"lines": 1, "cer": 0.3}}
    return e


def _report(engines: dict) -> dict:
    return {"created": "now", "machine": "m", "normalisation": "n", "engines": engines,
            "model": {"path": "m", "backend": "paddle", "device": "cpu", "dictionary_size": 3},
            "dataset": {"path": "d", "split": "test", "lines": 3}}


def test_markdown_has_the_descender_table_and_tolerates_old_reports():
    md = markdown(_report({"model": _engine(), "tesseract": _engine(with_descender=False)}))
    assert "CER with and without descenders" in md
    assert "| without descenders | 1 | 30.00% | n/a |" in md
    old = markdown(_report({"model": _engine(with_descender=False)}))
    assert "descenders (" not in old and "CER by font" in old
