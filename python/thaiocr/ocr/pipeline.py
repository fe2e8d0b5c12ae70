"""One page image -> a Page: detect boxes, merge them into lines, recognise every line crop in batches.

The recogniser applies the framing-invariant line crop (thaiocr.imaging.framing) itself, so the crops
here only need to contain the line's ink.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from thaiocr.ocr.lines import crop_line, group_lines
from thaiocr.ocr.result import Line, Page


class PageOCR:
    def __init__(self, recognizer, detector=None):
        from thaiocr.ocr.detector import Detector

        self.recognizer = recognizer
        self.detector = detector or Detector()

    @classmethod
    def load(cls, model_dir: Path | None = None, *, threads: int = 2, batch_size: int = 16, workers: int = 1,
             backend: str = "paddle"):
        from thaiocr.evaluation.model_source import default_model
        from thaiocr.evaluation.recognizer import Recognizer
        from thaiocr.ocr.detector import Detector

        rec = Recognizer(Path(model_dir) if model_dir else default_model(), backend=backend, batch_size=batch_size,
                         threads=threads, workers=workers)
        return cls(rec, Detector(threads=threads))

    def page(self, image: np.ndarray, number: int = 1, source: str = "", timeout: float | None = None) -> Page:
        started = time.perf_counter()
        found = self.detector.detect(image)
        groups = group_lines([b for b, _ in found], [s for _, s in found])
        boxes = [g.box() for g in groups]
        crops = [crop_line(image, b) for b in boxes]
        preds = self.recognizer.predict(crops, timeout=timeout) if crops else []
        lines = [Line(box=b.tolist(), text=p.text, confidence=float(p.confidence))
                 for b, p in zip(boxes, preds, strict=True) if p.text.strip()]
        h, w = image.shape[:2]
        return Page(number=number, width=w, height=h, lines=lines, source=source,
                    seconds=time.perf_counter() - started)
