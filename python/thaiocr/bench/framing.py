"""`thaiocr bench framing`: does the model read a line the same however it was cropped?

Each test line is read as given (for the real-document set: tight to its ink), padded with paper by a
share of its height on every side, and shifted (padding on one side only). Issue 12's target: padded
and tight crops differ by at most 10% relative CER. The recogniser frames every crop itself
(thaiocr.imaging.framing), so this measures the framing as the user gets it.
"""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

VARIANTS = ("as given", "padded", "shifted")


def add_arguments(p) -> None:
    p.add_argument("--data", type=Path, required=True, help="a dataset dir (e.g. the real-document set)")
    p.add_argument("--split", default="test")
    p.add_argument("--model", type=Path, help="model dir (default: the shipped model)")
    p.add_argument("--pad", type=float, default=0.25, help="padding, as a share of the crop's height")
    p.add_argument("--limit", type=int, help="at most this many lines")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def _variant(img: np.ndarray, kind: str, pad: float) -> np.ndarray:
    if kind == "as given":
        return img
    p = max(1, int(round(img.shape[0] * pad)))
    value = (255,) * (img.shape[2] if img.ndim == 3 else 1)
    if kind == "padded":
        return cv2.copyMakeBorder(img, p, p, p, p, cv2.BORDER_CONSTANT, value=value)
    return cv2.copyMakeBorder(img, 2 * p, 0, 0, 2 * p, cv2.BORDER_CONSTANT, value=value)  # down and left


def measure(model_dir: Path, data: Path, split: str = "test", pad: float = 0.25, limit: int | None = None) -> dict:
    from thaiocr.evaluation import metrics
    from thaiocr.evaluation.dataset import load_split
    from thaiocr.evaluation.recognizer import Recognizer
    from thaiocr.evaluation.run import load_image

    samples = load_split(data, split, limit)
    rec = Recognizer(model_dir)
    images = [load_image(s) for s in samples]
    out = {"model": str(model_dir), "data": str(data), "lines": len(samples), "pad": pad,
           "framing": rec.info.framing}
    for kind in VARIANTS:
        agg = metrics.Aggregate()
        preds = rec.predict([_variant(im, kind, pad) for im in images])
        for s, p in zip(samples, preds, strict=True):
            agg.add(metrics.score_line(s.text, p.text))
        out[kind] = round(agg.as_dict()["cer"], 5)
    base = out["as given"] or 1e-9
    out["padded_vs_given_relative"] = round(abs(out["padded"] - out["as given"]) / base, 4)
    return out


def run(args) -> int:
    from thaiocr.evaluation.model_source import default_model

    figures = measure(args.model or default_model(), args.data, args.split, args.pad, args.limit)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{figures['lines']} lines of {args.data} ({args.split}), model {figures['model']} "
          f"(framing: {figures['framing'] or 'none'})")
    for kind in VARIANTS:
        print(f"  {kind:>9}: CER {100 * figures[kind]:.2f}%")
    print(f"  padded by {args.pad:.0%} of the height vs as given: {100 * figures['padded_vs_given_relative']:.1f}% "
          "relative (target: at most 10%)")
    return 0
