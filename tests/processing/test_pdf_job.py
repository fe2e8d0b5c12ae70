"""`data import-pdf-job` on the local stack: the PDFs under raw/ split over 2 hosts (ShardedByS3Key),
each importing its share with the import-pdf importer, the last merging and publishing by content hash."""
from __future__ import annotations

import pytest

from tests.processing.conftest import BUCKET, latest
from thaiocr.cli import main

pytest.importorskip("fpdf")
pytest.importorskip("pypdfium2")
pytestmark = pytest.mark.slow


def test_pdf_prefix_imports_on_two_hosts(local_infra, tmp_path, capsys):
    from tests.data.test_import_pdf import FONT, GOOD, import_pdfs, make_pdf
    from thaiocr.aws.session import client

    if not FONT.is_file():
        pytest.skip("needs fonts-thai-tlwg (Loma)")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        pdf = make_pdf(docs / f"d{i}.pdf", GOOD[i:] + GOOD[:i])
        client("s3", "local").upload_file(str(pdf), BUCKET, f"raw/docs/{pdf.name}")
    args = ["data", "import-pdf-job", f"s3://{BUCKET}/raw/docs/", "--name", "docs", "--env", "local"]
    assert main([*args, "--instances", "2"]) == 0
    out = capsys.readouterr().out
    assert "final status: Completed" in out and "[algo-2] algo-2: 1 PDF(s) -> part" in out
    local = import_pdfs([docs], tmp_path / "here", name="docs", ratios={"train": 0.8, "val": 0.1, "test": 0.1})
    assert sum(latest("docs")["counts"].values()) == sum(local.manifest["counts"].values()) > 0
    assert main([*args, "--instances", "2"]) == 0
    assert "already made" in capsys.readouterr().out

    assert main(["data", "import-pdf-job", f"s3://{BUCKET}/datasets/x/", "--name", "x", "--env", "local"]) == 2
    assert "outside s3://" in capsys.readouterr().err
