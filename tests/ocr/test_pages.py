"""Files -> pages: every format and page, and every bad input refused before it is decoded."""
import numpy as np
import pytest

from thaiocr.ocr.pages import BadDocument, PageLimits, load_pages

from .conftest import huge_png_header, png_bytes, tiff_bytes


def test_png_jpeg_and_gray_give_bgr_pages():
    import cv2

    img = np.zeros((30, 40, 3), np.uint8)
    img[:, :, 2] = 200  # red in BGR
    (page,) = load_pages(png_bytes(img))
    assert page.shape == (30, 40, 3) and page[0, 0].tolist() == [0, 0, 200]
    ok, jpg = cv2.imencode(".jpg", img)
    assert next(iter(load_pages(jpg.tobytes()))).shape == (30, 40, 3)
    assert next(iter(load_pages(png_bytes(np.zeros((5, 6), np.uint8))))).shape == (5, 6, 3)


def test_every_tiff_frame_is_a_page():
    pages = list(load_pages(tiff_bytes([np.zeros((10, 10, 3), np.uint8), np.full((12, 8, 3), 255, np.uint8)])))
    assert [p.shape for p in pages] == [(10, 10, 3), (12, 8, 3)]


def test_every_pdf_page_at_the_dpi(thai_pdf):
    pages = list(load_pages(thai_pdf.read_bytes(), PageLimits(dpi=100)))
    assert len(pages) == 2 and abs(pages[0].shape[0] - 1169) <= 1 and pages[0].shape[1:] == (827, 3)  # A4, 100 dpi


@pytest.mark.parametrize("data, status, words", [
    (b"", 400, "empty"),
    (b"hello world", 415, "not an image or a PDF"),
    (b"%PDF-1.4\n1 0 obj\n<<", 400, "not a readable PDF"),
    (huge_png_header(), 413, "over the limit"),
    (png_bytes(np.zeros((50, 50), np.uint8))[:60], 400, "corrupt or truncated"),
])
def test_bad_inputs_are_one_line_errors(data, status, words):
    with pytest.raises(BadDocument) as exc:
        list(load_pages(data))
    assert exc.value.status == status and words in str(exc.value) and "\n" not in str(exc.value)


def test_truncated_pdf(thai_pdf):
    with pytest.raises(BadDocument):
        list(load_pages(thai_pdf.read_bytes()[:2000]))


def test_encrypted_pdf(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.output(str(tmp_path / "enc.pdf"))
    with pytest.raises(BadDocument, match="encrypted"):
        list(load_pages((tmp_path / "enc.pdf").read_bytes()))


def test_page_count_and_page_size_limits(thai_pdf, tmp_path):
    with pytest.raises(BadDocument, match="2 pages is over the limit of 1") as exc:
        load_pages(thai_pdf.read_bytes(), PageLimits(max_pages=1))
    assert exc.value.status == 413
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(unit="pt", format=(14000, 14000))  # 194 x 194 inches
    pdf.add_page()
    pdf.output(str(tmp_path / "big.pdf"))
    with pytest.raises(BadDocument, match="over the limit") as exc:
        load_pages((tmp_path / "big.pdf").read_bytes())
    assert exc.value.status == 413
    with pytest.raises(BadDocument, match="3 pages"):
        load_pages(tiff_bytes([np.zeros((4, 4), np.uint8)] * 3), PageLimits(max_pages=2))
