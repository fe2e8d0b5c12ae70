"""Tesseract as the baseline: what a Thai user would use without this project.

Called through the `tesseract` binary (PNG on stdin, text on stdout) rather than pytesseract, so the
baseline needs no extra Python package and no temporary files. `--psm 7`: one text line, which is what
the dataset holds. Plain text, not TSV: for Thai the TSV "words" are single glyphs, so the spacing
could not be rebuilt from it; the confidence is therefore not reported (NaN).
"""
from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np

from thaiocr.errors import UserError
from thaiocr.evaluation.recognizer import Prediction


def available(lang: str = "tha") -> str | None:
    """None when usable, else the reason (for skips and one-line errors)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract is not installed (make setup installs it as root; apt-get install tesseract-ocr-tha)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"tesseract does not run: {exc}"
    langs = {line.strip() for line in out.stdout.splitlines()[1:]}
    missing = [part for part in lang.split("+") if part not in langs]
    if missing:
        return f"tesseract lacks the language(s) {', '.join(missing)} (apt-get install tesseract-ocr-{missing[0]})"
    return None


class Tesseract:
    def __init__(self, lang: str = "tha", psm: int = 7, timeout: float = 60.0):
        reason = available(lang)
        if reason:
            raise UserError(reason)
        self.lang, self.psm, self.timeout = lang, psm, timeout
        self.name = f"tesseract:{lang}"

    def predict_one(self, image: np.ndarray) -> Prediction:
        import cv2

        ok, png = cv2.imencode(".png", image)
        if not ok:
            raise UserError("cannot encode the image for tesseract")
        # OMP_THREAD_LIMIT=1: one core per call, so lines/s compare per core with the model
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            proc = subprocess.run(["tesseract", "stdin", "stdout", "-l", self.lang, "--psm", str(self.psm)],
                                  input=png.tobytes(), capture_output=True, timeout=self.timeout, env=env)
        except subprocess.TimeoutExpired:
            return Prediction("", float("nan"))
        return Prediction(" ".join(proc.stdout.decode("utf-8", "replace").split()), float("nan"))

    def predict(self, images: list[np.ndarray]) -> list[Prediction]:
        return [self.predict_one(im) for im in images]
