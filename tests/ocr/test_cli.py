"""`thaiocr ocr` as a user runs it: every page of a PDF, three formats, one-line errors."""
import json
import xml.etree.ElementTree as ET

import pytest

from thaiocr.cli import main


def test_a_missing_file_is_one_line_before_any_model_loads(tmp_path, capsys):
    assert main(["ocr", str(tmp_path / "nope.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"thaiocr: error: file not found: {tmp_path / 'nope.pdf'}"


def test_an_unreadable_file_is_one_line(tmp_path, capsys, tiny_model):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    assert main(["ocr", "--model", str(tiny_model), str(bad)]) == 2
    assert "not a readable PDF" in capsys.readouterr().err


@pytest.mark.slow
def test_every_page_in_json_text_and_hocr(thai_pdf, tmp_path, capsys, tiny_model):
    out = tmp_path / "out.json"
    assert main(["ocr", "--model", str(tiny_model), "--format", "json", "--out", str(out), str(thai_pdf)]) == 0
    doc = json.loads(out.read_text())
    assert [p["page"] for p in doc["pages"]] == [1, 2]
    assert all(len(line["box"]) == 4 for p in doc["pages"] for line in p["lines"])
    assert main(["ocr", "--model", str(tiny_model), "--format", "hocr", "--dpi", "100", str(thai_pdf)]) == 0
    root = ET.fromstring(capsys.readouterr().out.encode())
    assert len(root.findall(".//{http://www.w3.org/1999/xhtml}div[@class='ocr_page']")) == 2


@pytest.mark.slow
def test_the_shipped_model_reads_a_thai_page(thai_pdf, tmp_path):
    pytest.importorskip("paddle")
    from thaiocr.ocr.evaluate import evaluate
    from thaiocr.ocr.pipeline import PageOCR

    (ours,) = evaluate([thai_pdf], PageOCR.load(), tesseract_psms=(), pages=[1])
    assert ours.pages == 1 and ours.cer < 0.35, ours.per_page
