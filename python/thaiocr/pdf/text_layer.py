"""The characters of a PDF page's text layer, with their glyph boxes and fonts, read through PDFium.

Why PDFium: one library renders the page and reports every character's tight glyph box, font and size,
so the labels and the pixels come from the same interpretation of the file.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

from thaiocr.errors import UserError


class PdfError(UserError):
    """A PDF that cannot be imported at all: named in one line, the other files still import."""


@dataclass(frozen=True)
class Char:
    text: str                                 # one code point
    box: tuple[float, float, float, float]    # x0, y0, x1, y1 in points, origin at the page's top-left
    font: str                                 # PostScript name without the subset prefix ("ABCDEF+")
    size: float                               # font size in points
    generated: bool                           # inferred by PDFium (a space or line break), not in the file
    angle: float = 0.0                        # rotation of the glyph in radians


_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"(?i)[-,_ ]?(bold|italic|oblique|regular|medium|light|semibold|black|thin|extralight|"
                    r"extrabold|book|roman|condensed|identity-h|mt|psmt|ps)$")


def font_family(name: str) -> str:
    """'ABCDEF+THSarabunNew-BoldItalic' -> 'THSarabunNew': one name per typeface for the breakdowns."""
    name = _SUBSET.sub("", name or "").strip() or "unknown"
    base = name.split("-")[0].split(",")[0]
    prev = None
    while prev != base:
        prev, base = base, _STYLE.sub("", base)
    return base or name


def open_pdf(path: Path):
    """Open a PDF, or raise PdfError naming it: corrupt, encrypted (password needed) or unreadable."""
    import pypdfium2 as pdfium

    path = Path(path)
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            raise PdfError(f"{path}: encrypted PDF (a password is needed to open it)") from None
        raise PdfError(f"{path}: not a readable PDF ({msg.rstrip('.')})") from None
    except OSError as exc:
        raise PdfError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(doc) == 0:
        doc.close()
        raise PdfError(f"{path}: the PDF has no pages")
    return doc


def has_text_layer(doc) -> bool:
    """True when any page carries at least one real (not generated) character."""
    import pypdfium2.raw as raw

    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        try:
            n = tp.count_chars()
            if any(not raw.FPDFText_IsGenerated(tp, k) and raw.FPDFText_GetUnicode(tp, k) > 32 for k in range(n)):
                return True
        finally:
            tp.close()
            page.close()
    return False


def page_chars(page) -> list[Char]:
    """Every character of the page in content order, boxes in top-left points of the crop box."""
    import pypdfium2.raw as raw

    left, _, _, top = page.get_bbox()  # the box PDFium renders (a CropBox can be larger than the page)
    tp = page.get_textpage()
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    fonts: dict[bytes, str] = {}
    out = []
    try:
        for i in range(tp.count_chars()):
            code = raw.FPDFText_GetUnicode(tp, i)
            if code == 0:
                continue
            x0, y0, x1, y1 = tp.get_charbox(i, loose=False)
            n = raw.FPDFText_GetFontInfo(tp, i, buf, len(buf), ctypes.byref(flags))
            key = buf.value if n else b""
            if key not in fonts:
                fonts[key] = _SUBSET.sub("", key.decode("utf-8", "replace"))
            text = "-" if code == 2 else chr(code) if code < 0x110000 else "\ufffd"  # 2: a drawn end-of-line hyphen
            out.append(Char(text,
                            (x0 - left, top - y1, x1 - left, top - y0), fonts[key],
                            float(raw.FPDFText_GetFontSize(tp, i)), bool(raw.FPDFText_IsGenerated(tp, i)),
                            float(raw.FPDFText_GetCharAngle(tp, i))))
    finally:
        tp.close()
    return out
