"""Born-digital Thai test pages: PDFs with a real text layer, made here from the lexicon and TLWG fonts.

Why: the page evaluation and the tests need Thai PDFs whose text layer is known to be right; the
real-document set (datasets/real/) takes over when it exists. fpdf2 with HarfBuzz shaping stacks marks
the way a word processor would.
"""
from __future__ import annotations

import random
from pathlib import Path

TLWG = Path("/usr/share/fonts/truetype/tlwg")
FONTS = ("Loma", "Garuda", "Kinnari", "Norasi", "Sawasdee", "TlwgTypewriter", "Laksaman")


def available_fonts() -> list[Path]:
    return [TLWG / f"{name}.ttf" for name in FONTS if (TLWG / f"{name}.ttf").is_file()]


def paragraph(rnd: random.Random, words: int) -> str:
    """Thai words mostly run together, a space now and then (as Thai separates phrases), some numbers."""
    from thaiocr.text.sources import thai_lexicon

    lex = thai_lexicon(12)
    out = []
    for i in range(words):
        w = str(rnd.randint(1, 2600)) if rnd.random() < 0.04 else lex(rnd)
        out.append(w)
        if i < words - 1 and rnd.random() < 0.25:
            out.append(" ")
    return "".join(out)


def make_pdf(path: Path, *, pages: int = 1, seed: int = 0, font: Path | None = None, size: float = 16,
             paragraphs: int = 6, shaping: bool = True) -> Path:
    """A4 pages of Thai paragraphs, one font (the first TLWG font found unless given), text layer kept."""
    from fpdf import FPDF

    fonts = available_fonts()
    if font is None and not fonts:
        from thaiocr.errors import UserError

        raise UserError(f"no TLWG Thai fonts in {TLWG} (apt-get install fonts-thai-tlwg)")
    font = Path(font or fonts[seed % len(fonts)])
    rnd = random.Random(seed)
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_margins(60, 60, 60)
    pdf.set_auto_page_break(False)
    pdf.add_font("thai", "", str(font))
    pdf.set_font("thai", size=size)
    try:
        pdf.set_text_shaping(shaping)
    except Exception:  # no uharfbuzz: marks are drawn unshaped, the text layer is still right
        pass
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("thai", size=size + 4)
        pdf.multi_cell(0, (size + 4) * 1.6, paragraph(rnd, 6), align="L")
        pdf.ln(size * 0.5)
        pdf.set_font("thai", size=size)
        for _ in range(paragraphs):
            if pdf.get_y() > pdf.h - 160:
                break
            pdf.multi_cell(0, size * 1.6, paragraph(rnd, rnd.randint(20, 45)), align="L")
            pdf.ln(size * 0.6)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
