"""The character dictionary PaddleOCR trains against: one code point per line, derived from the labels.

PaddleOCR appends the space itself when `use_space_char` is true, so the file never lists it.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

THAI_CHARS = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if 0x0E3B > c or c > 0x0E3E)  # assigned Thai block
DIGITS = "0123456789"
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
BASE_CHARSETS = {
    "thai": THAI_CHARS,
    "digits": DIGITS,
    "latin": LATIN,
    "punct": PUNCT + "฿“”‘’–—…",
    "symbols": "•●○◦▪■□✓✔※°×÷±§",  # bullets and signs of real documents
}


def base_chars(names: Iterable[str]) -> set[str]:
    chars: set[str] = set()
    for name in names:
        chars.update(BASE_CHARSETS[name])
    return chars


def build_dictionary(labels: Iterable[str], base: Iterable[str] = ()) -> list[str]:
    """Every label character plus the base charsets, sorted by code point, space excluded."""
    chars = base_chars(base)
    for label in labels:
        chars.update(label)
    chars.discard(" ")
    return sorted(chars)


def write_dictionary(path: Path, chars: list[str]) -> None:
    path.write_text("".join(f"{c}\n" for c in chars), encoding="utf-8")


def read_dictionary(path: Path) -> list[str]:
    """Read a PaddleOCR dictionary the way PaddleOCR does (strip the newline only)."""
    with open(path, "rb") as f:
        return [line.decode("utf-8").strip("\n").strip("\r\n") for line in f]
