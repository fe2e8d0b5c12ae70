"""Text-layer characters grouped into lines, and each line cut from the page render tight to its ink.

A line ends where PDFium ends it (its generated line break), where the next letter leaves the line's
vertical band (a superscript stays: it overlaps), where the text
runs backwards, or at a gap wider than GAP_BREAK ems (table cells, columns, tab stops): each piece is one
crop a detector or cropper would hand over.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from thaiocr.pdf.text_layer import Char, font_family

GAP_BREAK = 1.6      # ems of empty space that split a line into separate crops
INK = 170            # gray below this is ink (anti-aliased edges included)


def is_mark(c: str) -> bool:
    return unicodedata.category(c) in ("Mn", "Me")


@dataclass
class Line:
    chars: list[Char]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @cached_property
    def glyphs(self) -> list[Char]:
        """The characters that draw something (boxes with area)."""
        return [c for c in self.chars if not c.text.isspace() and c.box[2] > c.box[0] and c.box[3] > c.box[1]]

    @cached_property
    def box(self) -> tuple[float, float, float, float]:
        g = self.glyphs
        return (min(c.box[0] for c in g), min(c.box[1] for c in g), max(c.box[2] for c in g), max(c.box[3] for c in g))

    @cached_property
    def size(self) -> float:
        sizes = [c.size for c in self.glyphs if c.size > 0]
        return float(np.median(sizes)) if sizes else 10.0

    @cached_property
    def font(self) -> str:
        """The face of most of the line's Thai letters (of all its glyphs when it has none)."""
        thai = [c for c in self.glyphs if "\u0e01" <= c.text <= "\u0e5b"]
        names = Counter(c.font for c in (thai or self.glyphs) if c.font)
        return names.most_common(1)[0][0] if names else "unknown"

    @property
    def family(self) -> str:
        return font_family(self.font)


def group_lines(chars: list[Char]) -> list[Line]:
    """Split the page's characters into line pieces (see the module docstring)."""
    lines: list[Line] = []
    cur: list[Char] = []
    last = None  # the last base (non-mark, non-space) glyph of the current piece
    band = [0.0, 0.0]  # the vertical extent of the piece's base glyphs

    def flush():
        nonlocal cur, last
        if any(not c.text.isspace() for c in cur):
            while cur and cur[-1].text.isspace():
                cur.pop()
            while cur and cur[0].text.isspace():
                cur.pop(0)
            lines.append(Line(cur))
        cur, last = [], None

    for ch in chars:
        if ch.text in "\r\n\x03" or (ch.generated and ch.text not in " \t"):
            flush()
            continue
        if ch.text.isspace():
            if cur:
                cur.append(ch)
            continue
        if is_mark(ch.text) or last is None:
            cur.append(ch)
            if not is_mark(ch.text):
                last, band = ch, [ch.box[1], ch.box[3]]
            continue
        em = max(last.size, ch.size, 1.0)
        gap = ch.box[0] - last.box[2]
        overlap = min(band[1], ch.box[3]) - max(band[0], ch.box[1])
        height = min(band[1] - band[0], ch.box[3] - ch.box[1])
        if overlap < 0.3 * height or gap < -0.8 * em or gap > GAP_BREAK * em:  # superscripts overlap: kept
            flush()
        cur.append(ch)
        if last is None:
            band = [ch.box[1], ch.box[3]]
        else:
            band = [min(band[0], ch.box[1]), max(band[1], ch.box[3])]
        last = ch
    flush()
    return lines


def ink_box(page: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The bounding box of the ink inside `box` (pixels, x0 y0 x1 y1 exclusive), or None when blank."""
    x0, y0, x1, y1 = box
    region = page[y0:y1, x0:x1] < INK
    if not region.any():
        return None
    rows, cols = np.flatnonzero(region.any(axis=1)), np.flatnonzero(region.any(axis=0))
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1


def to_pixels(box, scale: float, shape) -> tuple[int, int, int, int]:
    h, w = shape[:2]
    x0, y0, x1, y1 = box
    return (max(0, int(np.floor(x0 * scale))), max(0, int(np.floor(y0 * scale))),
            min(w, int(np.ceil(x1 * scale))), min(h, int(np.ceil(y1 * scale))))


class InkMap:
    """Ink counts over any box in O(1) (a summed-area table), for the per-glyph checks."""

    def __init__(self, page: np.ndarray):
        ink = (page < INK).astype(np.int32)
        self.sat = np.zeros((ink.shape[0] + 1, ink.shape[1] + 1), dtype=np.int32)
        self.sat[1:, 1:] = ink.cumsum(0).cumsum(1)
        self.shape = page.shape

    def count(self, box: tuple[int, int, int, int]) -> int:
        x0, y0, x1, y1 = box
        if x1 <= x0 or y1 <= y0:
            return 0
        s = self.sat
        return int(s[y1, x1] - s[y0, x1] - s[y1, x0] + s[y0, x0])


def ink_problem(ink: InkMap, line: Line, scale: float) -> str | None:
    """Does the rendered ink agree with the char boxes? None when it does, else the refusal reason.

    Refused: no ink at all (white, hidden or clipped text), glyph boxes that are mostly blank (a text
    layer laid over a scan, misplaced), and ink just beside the line that the text layer does not
    mention (text drawn as a picture, a glyph without a code point).
    """
    box = to_pixels(line.box, scale, ink.shape)
    if ink.count(box) == 0:
        return "no ink under the text"
    glyphs = line.glyphs
    blank = 0
    for c in glyphs:
        gx0, gy0, gx1, gy1 = to_pixels(c.box, scale, ink.shape)
        if ink.count((gx0, gy0, max(gx1, gx0 + 1), max(gy1, gy0 + 1))) == 0:
            blank += 1
    if blank > max(0, 0.05 * len(glyphs)):
        return "glyph boxes without ink"
    for c in line.chars:  # a space that draws something is a glyph mapped to U+0020 (e.g. half of sara am)
        if c.text == " " and not c.generated and c.box[2] - c.box[0] > 0:
            sx0, sy0, sx1, sy1 = to_pixels(c.box, scale, ink.shape)
            if ink.count((sx0 + 1, sy0 + 1, sx1 - 1, sy1 - 1)) > 2:
                return "space drawn as a glyph"
    em = line.size * scale
    x0, y0, x1, y1 = box
    pad = int(round(0.6 * em))
    inner_top, inner_bot = y0 + (y1 - y0) // 4, y1 - (y1 - y0) // 4  # the line's core band only
    if inner_bot > inner_top:
        w = ink.shape[1]
        if ink.count((max(0, x0 - pad), inner_top, max(0, x0 - 1), inner_bot)) or \
                ink.count((min(w, x1 + 1), inner_top, min(w, x1 + pad), inner_bot)):
            return "ink beside the text"
    return None


def crop_line(page: np.ndarray, line: Line, scale: float, margin: float = 0.06) -> np.ndarray:
    """The line's ink, cut tight and framed by a white margin of `margin` x its ink height (at least 2 px)."""
    box = to_pixels(line.box, scale, page.shape)
    x0, y0, x1, y1 = ink_box(page, box) or box
    ink = page[y0:y1, x0:x1]
    m = max(2, int(round(margin * (y1 - y0))))
    out = np.full((ink.shape[0] + 2 * m, ink.shape[1] + 2 * m), 255, dtype=np.uint8)
    out[m:m + ink.shape[0], m:m + ink.shape[1]] = ink
    return out
