"""Text to ink mask with Pillow's raqm layout, the only engine here that stacks Thai marks correctly
(สวัสดี, น้ำ, ปี่: a tone mark over an upper vowel must rise, not collide).

Speed: FreeType rasterisation costs ~50 µs a glyph, so a line is composed from cached pieces: each
cluster (a base letter with its marks and sara am, the unit within which OpenType positions Thai marks)
is shaped and rasterised once per font and size, then placed on a shared baseline at raqm's advance
widths. Kerning between clusters is lost, which Thai fonts barely use and recognition does not need.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from PIL import Image, ImageFont, features

from thaiocr.errors import UserError
from thaiocr.synth.fonts import SYMBOLS, Font, symbol_font

# a base character with the marks that attach to it (sara am included): the unit of Thai mark positioning
_PIECES = re.compile(r".[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]*", re.S)


def require_raqm() -> None:
    if not features.check("raqm"):
        raise UserError("Pillow was built without libraqm, so Thai marks would not stack",
                        hint="install libraqm0 (apt-get install libraqm0) and reinstall Pillow")


@lru_cache(maxsize=1024)
def _pil_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=size, index=index, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=300_000)  # ~1 KB each: every cluster of the lexicon in every font and size
def _piece(path: str, index: int, size: int, text: str) -> tuple[np.ndarray, int, int, float]:
    """(mask, x offset, y offset from the baseline, advance) of one cluster or Latin run."""
    font = _pil_font(path, index, size)
    advance = font.getlength(text)
    if text == " ":
        return np.zeros((0, 0), np.uint8), 0, 0, advance
    core, (dx, dy) = font.getmask2(text, "L", anchor="ls")
    mask = np.asarray(Image.Image()._new(core))
    return mask, dx, dy, advance


def pieces(text: str) -> list[str]:
    return _PIECES.findall(text)


def render_mask(text: str, font: Font, size: int) -> np.ndarray:
    """A uint8 mask (255 = ink) of one line: the font's full line height, ink-tight left and right.

    Height follows the font's ascent + descent (grown where stacked marks go beyond it), so the
    text's scale is the font's, not the line's: a line of low letters only is not blown up.
    """
    pil = _pil_font(font.path, font.index, size)
    ascent, descent = pil.getmetrics()
    placed, pen = [], 0.0
    top, bottom, left, right = -ascent, descent, None, 0
    for piece in pieces(text):
        face = font
        if piece in SYMBOLS and piece not in font.chars:
            face = symbol_font() or font
        mask, dx, dy, advance = _piece(face.path, face.index, size, piece)
        if mask.size:
            x = int(round(pen)) + dx
            placed.append((mask, x, dy))
            top, bottom = min(top, dy), max(bottom, dy + mask.shape[0])
            left = x if left is None else min(left, x)
            right = max(right, x + mask.shape[1])
        pen += advance
    left = left or 0
    canvas = np.zeros((bottom - top + 2, max(1, right - left) + 2), np.uint8)
    for mask, x, dy in placed:
        y0, x0 = dy - top + 1, x - left + 1
        region = canvas[y0:y0 + mask.shape[0], x0:x0 + mask.shape[1]]
        np.maximum(region, mask, out=region)
    return canvas


def stacks_marks(font: Font, size: int = 32) -> bool:
    """False for fonts that draw a mark beside its letter instead of over it (Tlwg Mono does with raqm):
    their images would not show the label's text as Thai readers write it."""
    def ink_width(text: str) -> int:
        cols = np.flatnonzero(render_mask(text, font, size).max(axis=0))
        return int(cols[-1] - cols[0] + 1) if cols.size else 0

    base = ink_width("ด")
    return base > 0 and ink_width("ดี") < 1.5 * base and ink_width("ป่") < 1.5 * ink_width("ป")
