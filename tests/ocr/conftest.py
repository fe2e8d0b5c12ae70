"""Shared inputs for the page OCR tests: Thai PDFs with a text layer, made on the fly."""
import io

import numpy as np
import pytest


@pytest.fixture(scope="session")
def thai_pdf(tmp_path_factory):
    pytest.importorskip("fpdf", reason="needs fpdf2 (pip install -e '.[dev]')")
    from thaiocr.ocr.samples import available_fonts, make_pdf

    if not available_fonts():
        pytest.skip("no TLWG Thai fonts (apt-get install fonts-thai-tlwg)")
    return make_pdf(tmp_path_factory.mktemp("pdf") / "thai.pdf", pages=2, seed=3, paragraphs=2)


def png_bytes(array: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", array)
    assert ok
    return buf.tobytes()


def tiff_bytes(frames: list[np.ndarray]) -> bytes:
    from PIL import Image

    images = [Image.fromarray(f) for f in frames]
    out = io.BytesIO()
    images[0].save(out, format="TIFF", save_all=True, append_images=images[1:])
    return out.getvalue()


def huge_png_header(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG whose header claims a huge size (a decompression bomb stand-in): CRCs recomputed."""
    import struct
    import zlib

    small = png_bytes(np.zeros((1, 1), dtype=np.uint8))
    ihdr = bytearray(small[16:29])  # IHDR data: 13 bytes after signature(8) + length(4) + type(4)
    ihdr[0:8] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)) & 0xFFFFFFFF)
    return small[:16] + bytes(ihdr) + crc + small[33:]
