"""Page-level quality: born-digital PDFs, whose text layer is the reference, read by our pipeline and
by Tesseract's page modes on the same rendered page.

Reference: `pdftotext -f N -l N` (Poppler's reading order) of each page. Both sides go through
normalize_text and then lose all whitespace: Thai text layers put spaces where glyphs were positioned
(and drop them between words), so spacing says nothing about what was read. CER = Levenshtein
distance / reference length, summed over pages (pages weighted by their length).
"""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from thaiocr.errors import UserError


def reference_text(pdf: Path, page: int) -> str:
    try:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                             capture_output=True, timeout=60)
    except FileNotFoundError:
        raise UserError("pdftotext is not installed (apt-get install poppler-utils)") from None
    return out.stdout.decode("utf-8", "replace")


def comparable(text: str) -> str:
    from thaiocr.text.normalize import normalize_text

    return normalize_text(text, keep_spaces=False)


def tesseract_page(image, lang: str = "tha+eng", psm: int = 3, timeout: float = 1800) -> str:
    """One page through the tesseract binary. OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads spin, and
    on a shared machine that multiplies its wall time; its CPU time is what the comparison uses."""
    import cv2

    ok, png = cv2.imencode(".png", image)
    try:
        proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm)], input=png.tobytes(),
                              capture_output=True, timeout=timeout, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        return ""  # scored as reading nothing
    return proc.stdout.decode("utf-8", "replace")


@dataclass
class EngineScore:
    name: str
    errors: int = 0
    chars: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    pages: int = 0
    per_page: list = field(default_factory=list)

    @property
    def cer(self) -> float:
        return self.errors / max(1, self.chars)

    def as_dict(self) -> dict:
        return {"engine": self.name, "pages": self.pages, "cer": round(self.cer, 4),
                "s_per_page": round(self.seconds / max(1, self.pages), 3),
                "pages_per_s": round(self.pages / max(1e-9, self.seconds), 3),
                "cpu_s_per_page": round(self.cpu_seconds / max(1, self.pages), 3), "per_page": self.per_page}


def _cpu(children: bool) -> float:
    import resource

    if children:
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime
    return time.process_time()


def evaluate(pdfs: list[Path], ocr, *, dpi: int = 200, tesseract_psms=(3, 6), lang: str = "tha+eng",
             max_pages: int = 500, pages: list[int] | None = None) -> list[EngineScore]:
    """Score every page (or `pages`) of each PDF; wall and CPU seconds per engine (CPU: this process
    for ours, the child process for Tesseract), so a busy machine can still be compared."""
    from rapidfuzz.distance import Levenshtein

    from thaiocr.ocr.pages import PageLimits, load_pages

    engines = [EngineScore("thaiocr")] + [EngineScore(f"tesseract {lang} --psm {p}") for p in tesseract_psms]
    for pdf in pdfs:
        for n, image in enumerate(load_pages(Path(pdf).read_bytes(), PageLimits(dpi=dpi, max_pages=max_pages),
                                             str(pdf)), start=1):
            if pages is not None and n not in pages:
                continue
            ref = comparable(reference_text(pdf, n))
            if not ref:
                continue  # a scanned page without a text layer: no reference
            for eng, psm in zip(engines, (None, *tesseract_psms)):
                started, cpu = time.perf_counter(), _cpu(psm is not None)
                text = ocr.page(image).text if psm is None else tesseract_page(image, lang, psm)
                eng.seconds += time.perf_counter() - started
                eng.cpu_seconds += _cpu(psm is not None) - cpu
                dist = Levenshtein.distance(ref, comparable(text))
                eng.errors += dist
                eng.chars += len(ref)
                eng.pages += 1
                eng.per_page.append({"file": str(pdf), "page": n, "chars": len(ref),
                                     "cer": round(dist / len(ref), 4)})
    return engines


def table(engines: list[EngineScore]) -> str:
    rows = ["| engine | pages | page CER | s/page (wall) | CPU s/page | pages/s |", "|---|---|---|---|---|---|"]
    for e in engines:
        d = e.as_dict()
        rows.append(f"| {e.name} | {d['pages']} | {100 * e.cer:.2f}% | {d['s_per_page']:.2f} | "
                    f"{d['cpu_s_per_page']:.2f} | {d['pages_per_s']:.2f} |")
    return "\n".join(rows)
