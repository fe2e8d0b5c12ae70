"""Files and bytes -> page images (BGR), with the limits a server needs checked before decoding.

PNG, JPEG and TIFF (every frame) through Pillow; PDF (every page) rendered in-process by PDFium
(pypdfium2), so the serving image needs no Poppler. Sizes are checked from headers (image size, PDF
page boxes) before any pixel is decoded: a decompression bomb costs nothing.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from thaiocr.errors import UserError


class BadDocument(UserError):
    """An input that cannot be read as pages; `status` is the HTTP status the server answers."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class PageLimits:
    dpi: int = 200
    max_pages: int = 50
    max_pixels: int = 40_000_000  # per page; a 200-dpi A4 page is 3.9 M


PDF_MAGIC = b"%PDF-"
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


def kind_of(data: bytes) -> str:
    if not data:
        raise BadDocument("empty input: send an image or a PDF")
    if data[:1024].lstrip().startswith(PDF_MAGIC) or PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    raise BadDocument("not an image or a PDF (expected PNG, JPEG, TIFF or PDF bytes)", 415)


def load_pages(data: bytes, limits: PageLimits = PageLimits(), what: str = "input") -> Iterator[np.ndarray]:
    """Yield each page as a BGR uint8 array; raises BadDocument (before yielding anything for the
    page count and sizes) when the input is unreadable or over a limit."""
    kind = kind_of(data)
    if kind == "pdf":
        return _pdf_pages(data, limits, what)
    return _image_pages(data, limits, what)


def read_file(path: str | Path, limits: PageLimits = PageLimits()) -> list[np.ndarray]:
    p = Path(path)
    if not p.is_file():
        raise UserError(f"file not found: {path}")
    return list(load_pages(p.read_bytes(), limits, str(path)))


def _image_pages(data: bytes, limits: PageLimits, what: str) -> Iterator[np.ndarray]:
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = limits.max_pixels  # Pillow's own bomb guard, beside the check below
    try:
        img = Image.open(io.BytesIO(data))
        w, h = img.size
        frames = getattr(img, "n_frames", 1)
    except Image.DecompressionBombError:
        raise BadDocument(f"{what}: image is over the limit of {limits.max_pixels} pixels", 413) from None
    except Exception as exc:
        raise BadDocument(f"{what}: not a decodable image ({exc.__class__.__name__})") from None
    if w * h > limits.max_pixels:
        raise BadDocument(f"{what}: {w}x{h} pixels is over the limit of {limits.max_pixels}", 413)
    if frames > limits.max_pages:
        raise BadDocument(f"{what}: {frames} pages is over the limit of {limits.max_pages}", 413)

    def gen():
        try:
            for frame in ImageSequence.Iterator(img):
                fw, fh = frame.size
                if fw * fh > limits.max_pixels:
                    raise BadDocument(f"{what}: {fw}x{fh} pixels is over the limit of {limits.max_pixels}", 413)
                yield _to_bgr(frame)
        except BadDocument:
            raise
        except Exception as exc:  # truncated or corrupt data shows up only when decoding
            raise BadDocument(f"{what}: image data is corrupt or truncated ({exc.__class__.__name__})") from None

    return gen()


def _to_bgr(frame) -> np.ndarray:
    if frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGBA") if "A" in frame.mode or frame.mode == "P" else frame.convert("RGB")
        if frame.mode == "RGBA":
            from PIL import Image

            bg = Image.new("RGB", frame.size, (255, 255, 255))
            bg.paste(frame, mask=frame.split()[3])
            frame = bg
    arr = np.asarray(frame)
    if arr.ndim == 2:
        return np.repeat(arr[:, :, None], 3, axis=2)
    return np.ascontiguousarray(arr[:, :, ::-1])


def _pdf_pages(data: bytes, limits: PageLimits, what: str) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise BadDocument(f"{what}: the PDF is encrypted (password required)") from None
        raise BadDocument(f"{what}: not a readable PDF ({str(exc).splitlines()[0][:80]})") from None
    n = len(doc)
    if n == 0:
        doc.close()
        raise BadDocument(f"{what}: the PDF has no pages")
    if n > limits.max_pages:
        doc.close()
        raise BadDocument(f"{what}: {n} pages is over the limit of {limits.max_pages}", 413)
    scale = limits.dpi / 72.0
    sizes = []
    for i in range(n):
        w, h = doc.get_page_size(i)
        pw, ph = int(w * scale), int(h * scale)
        if pw * ph > limits.max_pixels or pw <= 0 or ph <= 0:
            doc.close()
            raise BadDocument(f"{what}: page {i + 1} at {limits.dpi} dpi is {pw}x{ph} pixels, over the limit "
                              f"of {limits.max_pixels}", 413)
        sizes.append((pw, ph))

    def gen():
        try:
            for i in range(n):
                page = doc[i]
                try:
                    bitmap = page.render(scale=scale, grayscale=False)
                    arr = bitmap.to_numpy()  # BGR(A) in PDFium's byte order
                    yield np.ascontiguousarray(arr[:, :, :3]) if arr.ndim == 3 else np.repeat(arr[:, :, None], 3, 2)
                finally:
                    page.close()
        except pdfium.PdfiumError as exc:
            raise BadDocument(f"{what}: cannot render the PDF ({str(exc).splitlines()[0][:80]})") from None
        finally:
            doc.close()

    return gen()
