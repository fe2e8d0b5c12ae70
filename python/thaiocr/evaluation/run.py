"""Evaluate a model (and baselines) on one split: the numbers behind report.md and metrics.json.

`evaluate_model` is the seam the training entrypoint calls after export, so every job's model.tar.gz
carries its own test-split figures.
"""
from __future__ import annotations

import math
import platform
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from thaiocr.errors import UserError
from thaiocr.evaluation import metrics
from thaiocr.evaluation.dataset import Sample, load_split, read_manifest
from thaiocr.evaluation.images import decode_image
from thaiocr.evaluation.recognizer import Prediction

NORMALISATION = ("thaiocr.text.normalize.normalize_text on reference and prediction alike: NFC, sara am "
                 "as U+0E33, above vowel before tone mark, zero-width characters removed, whitespace "
                 "collapsed to single spaces and stripped; cer_nospace also drops the spaces")


def load_image(sample: Sample) -> np.ndarray:
    if not sample.path.is_file():
        raise UserError(f"image missing: {sample.path}")
    return decode_image(sample.path.read_bytes(), str(sample.path))


def run_engine(name: str, predict: Callable[[list[np.ndarray]], list[Prediction]], samples: list[Sample],
               *, batch_size: int = 8, progress: bool = True, top_confusions: int = 20) -> dict:
    """Predict every sample in batches, time each batch, score each line; the per-engine report part."""
    from tqdm import tqdm

    total = metrics.Aggregate()
    by_font, by_effect, by_length = metrics.Breakdown(), metrics.Breakdown(), metrics.Breakdown()
    by_descender = metrics.Breakdown()
    latencies, rows, pairs, seconds = [], [], [], 0.0
    bar = tqdm(total=len(samples), desc=name, unit="line", disable=None if progress else True, leave=False)
    for start in range(0, len(samples), batch_size):
        chunk = samples[start:start + batch_size]
        images = [load_image(s) for s in chunk]
        t0 = time.perf_counter()
        preds = predict(images)
        dt = time.perf_counter() - t0
        seconds += dt
        latencies.extend([dt / len(chunk)] * len(chunk))
        for s, p in zip(chunk, preds, strict=True):
            score = metrics.score_line(s.text, p.text)
            total.add(score)
            by_font.add(s.font, score)
            for effect in s.effects or ["none"]:
                by_effect.add(effect, score)
            by_length.add(metrics.length_bucket(score.chars), score)
            by_descender.add(metrics.descender_group(score.ref), score)
            pairs.append((score.ref, score.hyp))
            conf = None if math.isnan(p.confidence) else round(float(p.confidence), 4)
            rows.append({"image": s.image, "ref": score.ref, "hyp": score.hyp, "cer": round(score.cer, 4),
                         "confidence": conf, "font": s.font, "effects": s.effects})
        bar.update(len(chunk))
    bar.close()
    lat_ms = np.array(latencies) * 1000.0
    result = total.as_dict()
    result.update({
        "seconds": round(seconds, 3),
        "lines_per_s": round(len(samples) / seconds, 2) if seconds > 0 else None,
        "ms_per_line": round(float(lat_ms.mean()), 2),
        "p50_ms": round(float(np.percentile(lat_ms, 50)), 2),
        "p95_ms": round(float(np.percentile(lat_ms, 95)), 2),
        "batch_size": batch_size,
        "by_font": by_font.as_dict(),
        "by_effect": by_effect.as_dict(),
        "by_length": by_length.as_dict(),
        "by_descender": by_descender.as_dict(),
        "confusions": metrics.confusions(pairs, top_confusions),
        "worst": sorted(rows, key=lambda r: -r["cer"])[:15],
    })
    return {"summary": result, "lines": rows}


def evaluate(model_dir: Path, dataset_dir: Path, *, split: str = "test", baselines: tuple[str, ...] = (),
             out_dir: Path | None = None, batch_size: int = 8, limit: int | None = None, threads: int = 1,
             device: str = "cpu", backend: str = "paddle", progress: bool = True) -> dict:
    """The full report: the model, then each baseline ('tesseract' = tha, or 'tesseract:tha+eng')."""
    from thaiocr.evaluation.recognizer import Recognizer

    samples = load_split(Path(dataset_dir), split, limit)
    engines = [_baseline(b) for b in baselines]  # fail on a missing Tesseract before the long run
    rec = Recognizer(Path(model_dir), backend=backend, batch_size=batch_size, threads=threads, device=device)
    results = {"model": run_engine("model", rec.predict, samples, batch_size=batch_size, progress=progress)}
    for engine in engines:
        results[engine.name] = run_engine(engine.name, engine.predict, samples, batch_size=1, progress=progress)
    manifest = read_manifest(Path(dataset_dir))
    report = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {platform.processor() or ''}".strip(),
        "model": {"path": str(model_dir), "backend": rec.backend_name, "device": rec.device,
                  "model_name": rec.info.model_name, "dictionary_size": len(rec.info.dictionary)},
        "dataset": {"path": str(dataset_dir), "name": manifest.get("name"), "split": split, "lines": len(samples),
                    "content_hash": manifest.get("content_hash")},
        "normalisation": NORMALISATION,
        "engines": {name: r["summary"] for name, r in results.items()},
    }
    if out_dir is not None:
        from thaiocr.evaluation.report import write_report

        write_report(report, {name: r["lines"] for name, r in results.items()}, Path(out_dir))
    return report


def _baseline(spec: str):
    from thaiocr.evaluation.tesseract import Tesseract

    name, _, lang = spec.partition(":")
    if name != "tesseract":
        raise UserError(f"unknown baseline '{spec}': use tesseract or tesseract:<langs> (e.g. tesseract:tha+eng)")
    return Tesseract(lang or "tha")


def summary_metrics(report: dict, engine: str = "model") -> dict:
    """The flat figures a model dir's metrics.json carries."""
    s = report["engines"][engine]
    keys = ("lines", "cer", "cer_nospace", "wer", "line_accuracy", "ms_per_line", "lines_per_s")
    out = {"split": report["dataset"]["split"], **{k: s[k] for k in keys}}
    out["by_font_cer"] = {k: v["cer"] for k, v in s["by_font"].items()}
    out["normalisation"] = "thaiocr.text.normalize.normalize_text"
    return out


def evaluate_model(model_dir, dataset_dir, split: str = "test", out_dir=None) -> dict:
    """Seam for the training entrypoint: figures for metrics.json (report files too when out_dir is set).

    Runs on the GPU when Paddle has one, so evaluation stays a small part of the job's bill.
    """
    report = evaluate(Path(model_dir), Path(dataset_dir), split=split, out_dir=Path(out_dir) if out_dir else None,
                      device="auto", batch_size=32, progress=False)
    return summary_metrics(report)
