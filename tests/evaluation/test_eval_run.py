import json

import pytest

from thaiocr.errors import UserError
from thaiocr.evaluation.run import evaluate, evaluate_model
from thaiocr.evaluation.tesseract import available


def test_evaluate_model_is_the_training_seam(tiny_model, sample_dataset, tmp_path):
    figures = evaluate_model(tiny_model, sample_dataset, split="test", out_dir=tmp_path / "report")
    assert figures["split"] == "test" and figures["lines"] == 6
    for key in ("cer", "cer_nospace", "wer", "line_accuracy", "ms_per_line"):
        assert isinstance(figures[key], float)
    assert figures["by_font_cer"]
    json.dumps(figures)  # what the entrypoint writes to metrics.json
    for name in ("report.md", "report.json", "predictions.jsonl", "cer_by_font.png", "cer_by_length.png",
                 "confusions.png"):
        assert (tmp_path / "report" / name).stat().st_size > 0


def test_breakdowns_use_line_metadata_and_fall_back_to_unknown(tiny_model, sample_dataset, tmp_path):
    import shutil

    report = evaluate(tiny_model, sample_dataset, progress=False)
    model = report["engines"]["model"]
    assert set(model["by_effect"]) == {"none", "blur", "noise", "rotate"}
    assert sum(g["lines"] for g in model["by_font"].values()) == 6
    bare = tmp_path / "bare"
    shutil.copytree(sample_dataset, bare)
    (bare / "rec" / "meta_test.jsonl").unlink()
    assert list(evaluate(tiny_model, bare, progress=False, limit=2)["engines"]["model"]["by_font"]) == ["unknown"]


def test_missing_split_and_unknown_baseline_are_user_errors(tiny_model, sample_dataset):
    with pytest.raises(UserError, match="no val split"):
        evaluate(tiny_model, sample_dataset, split="val")
    with pytest.raises(UserError, match="unknown baseline"):
        evaluate(tiny_model, sample_dataset, baselines=("abbyy",))


@pytest.mark.tesseract
@pytest.mark.skipif(available("tha") is not None, reason=str(available("tha")))
def test_tesseract_runs_side_by_side(tiny_model, sample_dataset, tmp_path):
    report = evaluate(tiny_model, sample_dataset, baselines=("tesseract",), out_dir=tmp_path, progress=False, limit=3)
    tess = report["engines"]["tesseract:tha"]
    assert tess["lines"] == 3 and tess["cer"] < report["engines"]["model"]["cer"]  # random weights vs Tesseract
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| tesseract:tha |" in md and "| model |" in md


@pytest.mark.tesseract
@pytest.mark.skipif(available("tha+eng") is not None, reason=str(available("tha+eng")))
def test_tesseract_with_english_reads_a_clean_thai_line():
    from thaiocr.evaluation.samples import render_line, thai_fonts
    from thaiocr.evaluation.tesseract import Tesseract

    (font, path), *_ = thai_fonts()
    from thaiocr.evaluation.metrics import score_line

    pred = Tesseract("tha+eng").predict_one(render_line("สวัสดีครับ", path))
    assert score_line("สวัสดีครับ", pred.text).char_errors_nospace <= 2  # clean print: Tesseract is good here


def test_a_missing_tesseract_is_a_reason_not_a_crash(monkeypatch):
    import shutil

    from thaiocr.evaluation.tesseract import Tesseract

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert "not installed" in available("tha")
    with pytest.raises(UserError, match="tesseract is not installed"):
        Tesseract("tha")
