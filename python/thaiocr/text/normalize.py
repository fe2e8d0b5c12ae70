"""The one normalisation every label, prediction and engine output goes through.

Why each step:
- NFC, because PaddleOCR compares code points and visually equal strings must be equal.
- sara am is U+0E33: typed as nikhahit + sara aa (U+0E4D U+0E32) it renders the same but is two code
  points, so the dictionary and the CTC targets disagree with printed text.
- An above vowel is stored before a tone mark (ก + ี + ่): NFC does not reorder these (both have
  combining class 0), yet keyboards produce both orders.
- Zero-width characters (ZWSP, ZWNJ, ZWJ, BOM, soft hyphen) are invisible, so no image can teach them.
- Whitespace is collapsed to single spaces and stripped, matching PaddleOCR's `use_space_char`.
"""
from __future__ import annotations

import re
import unicodedata

SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # mai han-akat, sara i/ii/ue/uee, maitaikhu
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_TONE_BEFORE_VOWEL = re.compile(f"([{TONE_MARKS}]+)([{ABOVE_VOWELS}]+)")
_SPLIT_SARA_AM = re.compile(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")
_TONE_AFTER_AM = re.compile(f"{SARA_AM}([{TONE_MARKS}])")
_SPACES = re.compile(r"\s+")


def normalize_text(text: str, *, keep_spaces: bool = True) -> str:
    """Normalise one line of Thai (or mixed) text; idempotent."""
    text = unicodedata.normalize("NFC", text.translate(ZERO_WIDTH))  # joined marks need NFC's order too
    # nikhahit (+ tone) + sara aa -> tone + sara am; a tone typed after sara am moves before it
    text = _SPLIT_SARA_AM.sub(lambda m: m.group(1) + SARA_AM, text)
    text = _TONE_AFTER_AM.sub(lambda m: m.group(1) + SARA_AM, text)
    while True:  # tones after every upper vowel of their letter; loops only on garbled input
        moved = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
        if moved == text:
            break
        text = unicodedata.normalize("NFC", moved)
    text = _SPACES.sub(" " if keep_spaces else "", text).strip()
    return text


def is_normalized(text: str, *, keep_spaces: bool = True) -> bool:
    return normalize_text(text, keep_spaces=keep_spaces) == text
