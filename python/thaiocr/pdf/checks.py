"""Which lines of a text layer can be trusted as labels: each refusal has a reason, counted in the manifest.

Thai PDFs often carry a broken text layer that still prints correctly: legacy fonts map the shifted
tone-mark glyphs (drawn lower or to the left over tall letters) to Private Use Area or ASCII code points,
sara am is stored as nikhahit + sara aa, marks come out of order or detached from their letter, and
spaces are dropped or inserted inside words. A label that disagrees with its pixels teaches and scores
the wrong thing, so such lines are refused, never repaired by guessing.
"""
from __future__ import annotations

import unicodedata

from thaiocr.pdf.lines import Line, is_mark
from thaiocr.pdf.text_layer import Char

CONSONANT = {chr(c) for c in range(0x0E01, 0x0E2F)}           # ก..ฮ (ฤ ฦ included)
TONES = set("\u0e48\u0e49\u0e4a\u0e4b")
ABOVE = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47")
BELOW = set("\u0e38\u0e39\u0e3a")
THAI_MARKS = TONES | ABOVE | BELOW | set("\u0e4c\u0e4d\u0e4e")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width: removed by normalize_text, draw nothing
SPACE_MIN_GAP = 0.15  # ems: a space narrower than this is not visible (inserted inside a word)
GAP_NEEDS_SPACE = 0.35  # ems: between two letters of one word there is never this much empty paper


def _pua(c: str) -> bool:
    o = ord(c)
    return 0xE000 <= o <= 0xF8FF or 0xF0000 <= o


def text_problem(text: str, allowed: set[str]) -> str | None:
    """Refusal reason from the code points alone, or None."""
    if any(_pua(c) for c in text):
        return "private use code point"
    if "\ufffd" in text:
        return "unmapped glyph"
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") or (unicodedata.category(c) == "Cf" and c not in INVISIBLE)
           for c in text):  # e.g. a sara am glyph mapped to U+000B U+000C
        return "control character"
    if "\u0e4d\u0e32" in text or any(f"\u0e4d{t}\u0e32" in text for t in TONES):
        return "decomposed sara am"
    if any(f" {v}" in text for v in "\u0e30\u0e32\u0e33\u0e45"):  # no word starts with ะ า ำ ๅ
        return "space inside a word"
    prev = ""
    for i, c in enumerate(text):
        if c in THAI_MARKS or (is_mark(c) and "\u0e00" <= c <= "\u0e7f"):
            if prev == " ":
                return "space before a mark"
            ok = prev in CONSONANT or prev in THAI_MARKS or (c in TONES and prev == "\u0e33")
            if not ok:
                return "mark without a base letter"
            if c == prev:
                return "repeated mark"
            cluster = _cluster_marks(text, i)
            if sum(m in TONES for m in cluster) > 1 or sum(m in ABOVE for m in cluster) > 1 \
                    or sum(m in BELOW for m in cluster) > 1:
                return "stacked marks"
        prev = c
    bad = sorted({c for c in text if c != " " and c not in allowed})
    if bad:
        return "character not in the dictionary"
    return None


def _cluster_marks(text: str, i: int) -> str:
    """The marks on the letter that the mark at i sits on."""
    start = i
    while start > 0 and text[start - 1] in THAI_MARKS:
        start -= 1
    end = i
    while end + 1 < len(text) and text[end + 1] in THAI_MARKS:
        end += 1
    return text[start:end + 1]


def geometry_problem(line: Line) -> str | None:
    """Refusal reason from the char boxes, or None: marks away from their letter, ASCII drawn over a
    letter (a shifted tone mark mapped to ASCII), spaces that have no gap, gaps that have no space."""
    chars = line.chars
    if any(abs(c.angle) > 0.05 and abs(c.angle - 6.2832) > 0.05 for c in line.glyphs):
        return "rotated text"
    base: Char | None = None
    bases = [c for c in line.glyphs if not is_mark(c.text)]
    space_since_base = False
    for c in chars:
        em = max(c.size, 1.0)
        w = c.box[2] - c.box[0]
        if c.text.isspace():
            space_since_base = True
            continue
        if is_mark(c.text):
            if base is not None and w > 0 and _sits_elsewhere(c, base, bases, em):
                return "mark away from its letter"
            continue
        if base is not None and w > 0 and base.box[2] > base.box[0]:
            overlap = min(base.box[2], c.box[2]) - max(base.box[0], c.box[0])
            gap = c.box[0] - base.box[2]
            if overlap > 0.5 * w and c.text.isascii() and base.text >= "\u0e00":
                return "ascii glyph over a letter"
            if space_since_base and gap < SPACE_MIN_GAP * em and overlap <= 0:
                return "space without a gap"
            script_change = (base.text >= "\u0e00") != (c.text >= "\u0e00")  # Thai next to Latin/digits
            if not space_since_base and gap > (0.22 if script_change else GAP_NEEDS_SPACE) * em:
                return "gap without a space"
        base = c
        space_since_base = False
    return None


def _sits_elsewhere(mark: Char, base: Char, bases: list[Char], em: float) -> bool:
    """A mark drawn over another letter than the one it follows in the text (misordered marks)."""
    mid = (mark.box[0] + mark.box[2]) / 2

    def dist(b: Char) -> float:
        return max(b.box[0] - mid, mid - b.box[2], 0.0)

    if dist(base) <= 0.12 * em:
        return False
    return any(b is not base and dist(b) == 0.0 for b in bases)
