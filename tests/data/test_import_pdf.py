"""data import-pdf: Thai PDFs made here (fpdf2 shapes with HarfBuzz and writes a real text layer)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from thaiocr.data.validate import validate_dataset
from thaiocr.errors import UserError

fpdf = pytest.importorskip("fpdf")
pytest.importorskip("pypdfium2")
FONT = Path("/usr/share/fonts/truetype/tlwg/Loma.ttf")
pytestmark = pytest.mark.skipif(not FONT.is_file(), reason="needs fonts-thai-tlwg (Loma)")

GOOD = ["สวัสดีครับ ปี่พาทย์", "ภาษาไทย ๑๒๓ ABC 2567", "ผู้ใหญ่ลีตีกลอง", "การประชุมวิชาการ (รอบที่ 3)"]
BROKEN = {
    "private use code point": "ป\uf70bก\uf70a",            # shifted tone marks of a legacy font
    "decomposed sara am": "นํา ขํ้า",                        # nikhahit + sara aa
    "mark without a base letter": "่กา",                    # a tone mark first
    "mark away from its letter": "ครั้งที่ 3",               # fpdf2 maps the tone of ครั้ง after ง
}


def make_pdf(path: Path, lines: list[str], *, password: str | None = None, pages: int = 1) -> Path:
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning, module="fpdf")
    pdf = fpdf.FPDF(format="A5")
    pdf.add_font("Loma", fname=str(FONT))
    pdf.set_font("Loma", size=16)
    pdf.set_text_shaping(True)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    for _ in range(pages):
        pdf.add_page()
        for t in lines:
            pdf.cell(0, 12, t, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def import_pdfs(*a, **kw):
    from thaiocr.data.import_pdf import import_pdfs as run

    kw.setdefault("progress", False)
    kw.setdefault("workers", 1)
    return run(*a, **kw)


def test_good_import_validates_with_meta_and_manifest(tmp_path):
    src = tmp_path / "pdfs"
    src.mkdir()
    make_pdf(src / "a.pdf", GOOD)
    make_pdf(src / "b.pdf", GOOD[:2], pages=2)
    out = tmp_path / "ds"
    result = import_pdfs([src], out, name="real", split="test")
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["framing"] == "ink-tight" and m["counts"]["test"] == 8 and m["refusals"] == {}
    assert [d["name"] for d in m["documents"]] == ["a.pdf", "b.pdf"] and result.errors == []
    labels = (out / "rec/rec_gt_test.txt").read_text(encoding="utf-8").splitlines()
    assert {line.split("\t")[1] for line in labels} == set(GOOD)
    meta = [json.loads(x) for x in (out / "rec/meta_test.jsonl").read_text(encoding="utf-8").splitlines()]
    assert meta[0]["font"] == "Loma" and meta[0]["document"] == "a.pdf" and meta[0]["page"] == 1
    assert len(meta[0]["box"]) == 4
    report = validate_dataset(out, None, None, None, None, check_images=True)
    assert report.ok, [str(f) for f in report.findings]


def test_crops_are_tight_to_the_ink(tmp_path):
    import cv2

    out = tmp_path / "ds"
    import_pdfs([make_pdf(tmp_path / "a.pdf", GOOD[:1])], out, name="r", split="test", )
    img = cv2.imread(str(next((out / "rec/images").rglob("*.png"))), cv2.IMREAD_GRAYSCALE)
    ink = img < 170
    rows = ink.any(axis=1).nonzero()[0]
    assert rows[0] <= 3 and img.shape[0] - 1 - rows[-1] <= 3  # the ink fills the height but for the margin


def test_broken_text_layer_lines_are_refused_and_counted(tmp_path):
    out = tmp_path / "ds"
    import_pdfs([make_pdf(tmp_path / "a.pdf", GOOD[:2] + list(BROKEN.values()))], out, name="r", split="test")
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["counts"]["test"] == 2
    assert m["refusals"] == {reason: 1 for reason in BROKEN}


def test_unreadable_pdfs_get_one_line_errors_and_the_others_import(tmp_path):
    from PIL import Image

    src = tmp_path / "pdfs"
    src.mkdir()
    make_pdf(src / "good.pdf", GOOD)
    Image.new("L", (400, 100), 255).save(src / "scan.pdf")  # an image, no text layer
    make_pdf(src / "locked.pdf", GOOD, password="secret")
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.4\n garbage")
    result = import_pdfs([src], tmp_path / "ds", name="r", split="test")
    assert result.manifest["counts"]["test"] == len(GOOD)
    errs = sorted(result.errors)
    assert len(errs) == 3 and all("\n" not in e for e in errs)
    assert "corrupt.pdf" in errs[0] and "locked.pdf" in errs[1] and "encrypted" in errs[1]
    assert "scan.pdf" in errs[2] and "no text layer" in errs[2]


def test_split_by_document_never_splits_a_document(tmp_path):
    src = tmp_path / "pdfs"
    src.mkdir()
    for i in range(6):
        make_pdf(src / f"d{i}.pdf", GOOD[:2], pages=2)
    out = tmp_path / "ds"
    import_pdfs([src], out, name="r", ratios={"train": 0.5, "val": 0.25, "test": 0.25}, workers=2)
    docs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert all(len(d["splits"]) == 1 for d in docs)
    assert sum(sum(d["splits"].values()) for d in docs) == 6 * 4


def test_degrade_changes_pixels_deterministically(tmp_path):
    from thaiocr.data.import_pdf import Options
    from thaiocr.pdf.degrade import Degrade

    pdf = make_pdf(tmp_path / "a.pdf", GOOD[:1])
    opts = Options(degrade=Degrade.parse("blur=1,noise=8,jpeg=40"), dpi=150)
    a, b, c = (tmp_path / x for x in "abc")
    import_pdfs([pdf], a, name="r", split="test", opts=opts)
    import_pdfs([pdf], b, name="r", split="test", opts=opts)
    import_pdfs([pdf], c, name="r", split="test")
    pa, pb, pc = (next((d / "rec/images").rglob("*.png")).read_bytes() for d in (a, b, c))
    assert pa == pb != pc
    with pytest.raises(UserError, match="unknown effect"):
        Degrade.parse("smear=3")


def test_cli_all_files_bad_is_one_line_exit_2(tmp_path, capsys):
    from thaiocr.cli import main

    (tmp_path / "x.pdf").write_bytes(b"not a pdf")
    assert main(["data", "import-pdf", str(tmp_path / "x.pdf"), "--out", str(tmp_path / "ds"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "x.pdf" in err and "Traceback" not in err


def test_cli_reports_refusals(tmp_path, capsys):
    from thaiocr.cli import main

    pdf = make_pdf(tmp_path / "a.pdf", GOOD[:2] + [BROKEN["decomposed sara am"]])
    rc = main(["data", "import-pdf", str(pdf), "--out", str(tmp_path / "ds"), "--split", "test", "--quiet"])
    assert rc == 0
    assert "decomposed sara am 1" in capsys.readouterr().out


def test_cli_dict_refuses_characters_outside_it(tmp_path, capsys):
    from thaiocr.cli import main

    pdf = make_pdf(tmp_path / "a.pdf", GOOD[:2])
    (tmp_path / "d.txt").write_text("".join(f"{c}\n" for c in sorted(set(GOOD[0]) - {" "})), encoding="utf-8")
    rc = main(["data", "import-pdf", str(pdf), "--out", str(tmp_path / "ds"), "--split", "test", "--quiet",
               "--dict", str(tmp_path / "d.txt")])
    assert rc == 0 and "character not in the dictionary 1" in capsys.readouterr().out
    assert main(["data", "import-pdf", str(pdf), "--out", str(tmp_path / "ds2"), "--dict", "nope.txt"]) == 2
