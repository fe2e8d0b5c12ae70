"""These tests run a Paddle model (built in tests/conftest.py's `tiny_model`): skip them without paddle."""
import pytest

pytest.importorskip("paddle", reason="needs the paddlepaddle package (pip install -e '.[paddle]')")


@pytest.fixture(scope="session")
def thai_pdf_small(tmp_path_factory):
    pytest.importorskip("fpdf", reason="needs fpdf2 (pip install -e '.[dev]')")
    from thaiocr.ocr.samples import available_fonts, make_pdf

    if not available_fonts():
        pytest.skip("no TLWG Thai fonts (apt-get install fonts-thai-tlwg)")
    return make_pdf(tmp_path_factory.mktemp("pdf") / "small.pdf", pages=2, seed=5, paragraphs=1)
