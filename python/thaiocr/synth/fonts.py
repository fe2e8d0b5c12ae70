"""Fonts: every installed Thai-capable font (fontconfig) plus spec-listed files, with their cmaps.

The cmap check (fontTools) is what guarantees that no label is ever drawn as missing-glyph boxes.
"""
from __future__ import annotations

import fnmatch
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import repo_root

FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}
# bullets and marks that documents set in a symbol font whatever their text face: drawn from the fallback
SYMBOLS = frozenset("●○◦▪■□✓✔※")
SYMBOL_FALLBACK = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
THAI_PROBE = "กขคงจสวัสดีน้ำปี่"


@dataclass(frozen=True)
class Font:
    path: str
    index: int
    family: str
    style: str
    chars: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.family} {self.style}".strip()

    def covers(self, text: str) -> bool:
        return all(c in self.chars or c == " " or (c in SYMBOLS and symbol_font() is not None) for c in text)


@lru_cache(maxsize=1)
def symbol_font() -> "Font | None":
    """The face SYMBOLS are drawn from when a text face lacks them (fonts-dejavu-core), or None."""
    return load_font(SYMBOL_FALLBACK) if Path(SYMBOL_FALLBACK).is_file() else None


@lru_cache(maxsize=None)
def load_font(path: str, index: int = 0) -> Font:
    """Read family, style and cmap; an unreadable file is a one-line error naming it."""
    from fontTools.ttLib import TTFont

    try:
        tt = TTFont(path, fontNumber=index, lazy=True)
        cmap = tt.getBestCmap() or {}
        names = tt["name"]
        family = names.getBestFamilyName() or Path(path).stem
        style = names.getBestSubFamilyName() or ""
        tt.close()
    except Exception as exc:  # fontTools raises many types for a bad file
        raise UserError(f"cannot read font file {path}: {exc.__class__.__name__}: {exc}") from None
    return Font(path=path, index=index, family=str(family), style=str(style),
                chars=frozenset(chr(c) for c in cmap))


def system_font_files() -> list[tuple[str, int]]:
    """(path, face index) of installed fonts that fontconfig says support Thai."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", ":lang=th", "--format", "%{file}\\t%{index}\\n"],
                         capture_output=True, text=True).stdout
    found = set()
    for line in out.splitlines():
        path, _, index = line.partition("\t")
        if Path(path).suffix.lower() in FONT_SUFFIXES:
            found.add((path, int(index or 0)))
    return sorted(found)


def _spec_font_files(entries: list[str], required: bool = True) -> list[tuple[str, int]]:
    files = []
    for entry in entries:
        p = Path(entry)
        if not p.is_absolute():
            p = repo_root() / p
        if p.is_dir():
            files += [(str(f), 0) for f in sorted(p.rglob("*")) if f.suffix.lower() in FONT_SUFFIXES]
        elif p.is_file():
            files.append((str(p), 0))
        elif required:
            raise UserError(f"fonts.files: font file not found: {entry}")
    return files


def discover(system: bool, files: list[str], exclude: list[str], optional: list[str] = ()) -> list[Font]:
    """Thai-capable fonts, one per (family, style), preferring TrueType outlines for speed."""
    candidates = ((system_font_files() if system else []) + _spec_font_files(files)
                  + _spec_font_files(list(optional), required=False))
    by_name: dict[tuple[str, str], Font] = {}
    for path, index in candidates:
        font = load_font(path, index)
        if not font.covers(THAI_PROBE):
            continue
        if any(fnmatch.fnmatch(font.family, pat) for pat in exclude):
            continue
        key = (font.family, font.style)
        if key not in by_name or (path.endswith(".ttf") and not by_name[key].path.endswith(".ttf")):
            by_name[key] = font
    return [by_name[k] for k in sorted(by_name)]


def split_fonts(fonts: list[Font], holdout: list[str]) -> dict[str, list[Font]]:
    """Train/val fonts and the test split's held-out families (every style of a family goes together)."""
    families = sorted({f.family for f in fonts})
    for pattern in holdout:
        if not any(fnmatch.fnmatch(fam, pattern) for fam in families):
            raise UserError(f"fonts.test_holdout: no installed font family matches {pattern!r} "
                            f"(have: {', '.join(families)})")
    held = [f for f in fonts if any(fnmatch.fnmatch(f.family, p) for p in holdout)]
    seen = [f for f in fonts if f not in held]
    if not seen:
        raise UserError("fonts.test_holdout: holds out every font, leaving none for train and val")
    return {"train": seen, "val": seen, "test": held or seen}
