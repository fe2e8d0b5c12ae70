"""`thaiocr bench infer`: recognition lines/s and p50/p95 latency on CPU, model vs Tesseract, same images.

Both sides get one core (model: --threads 1; Tesseract: OMP_THREAD_LIMIT=1, one process), so the
ratio reads as "per core"; CPU ms/line is given beside wall-clock figures because a shared machine
inflates wall time for both. With no model shipped or given, a stand-in with random weights is used:
the real PP-OCRv5 mobile architecture exported by PaddleOCR's tools/export_model.py when the PaddleOCR
source is present (speed does not depend on the weights), else a tiny network (harness check only).
"""
from __future__ import annotations

import platform
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path


def add_arguments(p) -> None:
    p.add_argument("--model", help="model dir, model.tar.gz or s3:// URI (default: the shipped model, "
                                   "else a random-weight stand-in)")
    p.add_argument("--data", type=Path, help="dataset dir whose test lines to use (default: rendered sample lines)")
    p.add_argument("--lines", type=int, default=200, help="lines for the model (default 200)")
    p.add_argument("--tesseract-lines", type=int, default=40, help="lines for Tesseract (default 40; 0 skips it)")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--threads", type=int, default=1, help="model math threads (default 1: per-core figures)")
    p.add_argument("--lang", default="tha", help="Tesseract languages (default tha)")
    p.add_argument("--arch", default="PP-OCRv5_mobile_rec",
                   help="architecture of the untrained stand-in when no model exists (default PP-OCRv5_mobile_rec)")


def _images(args) -> list:
    from thaiocr.evaluation.run import load_image

    if args.data:
        from thaiocr.evaluation.dataset import load_split

        samples = load_split(args.data, "test")
        samples = samples[::max(1, len(samples) // args.lines)][:args.lines]  # spread over every document
        images = [load_image(s) for s in samples]
    else:
        from thaiocr.evaluation.samples import LINES, render_line, thai_fonts

        fonts = thai_fonts()
        images = [render_line(LINES[i % len(LINES)], fonts[i % len(fonts)][1]) for i in range(min(args.lines, 50))]
    return [images[i % len(images)] for i in range(args.lines)]


def _model(args, tmp: Path) -> tuple[Path, str]:
    from thaiocr.errors import UserError
    from thaiocr.evaluation.model_source import resolve_model

    try:
        return resolve_model(args.model), "model"
    except UserError:
        if args.model:
            raise
    exported = _export_architecture(args.arch)
    if exported is not None:
        return exported, f"{args.arch} architecture, random weights (speed only, no accuracy)"
    from thaiocr.evaluation.tiny_model import build_tiny_model

    return build_tiny_model(tmp / "stand-in", channels=64), "tiny random-weight stand-in (harness check only)"


def _export_architecture(arch: str) -> Path | None:
    """Export PaddleOCR's `arch` untrained, once, into .cache/bench/; None without the PaddleOCR source."""
    import os
    import shutil
    import subprocess
    import sys

    from thaiocr.paths import cache_dir

    home = Path(os.environ.get("PADDLEOCR_HOME", cache_dir() / "PaddleOCR"))
    config = home / "configs" / "rec" / arch.split("_")[0] / f"{arch}.yml"
    out = cache_dir() / "bench" / f"{arch}-random"
    if (out / "inference" / "inference.pdiparams").is_file():
        return out
    if not config.is_file() or not (home / "tools" / "export_model.py").is_file():
        return None
    print(f"exporting an untrained {arch} from {home} (once)...", file=sys.stderr)
    proc = subprocess.run([sys.executable, "tools/export_model.py", "-c", str(config), "-o",
                           "Global.character_dict_path=ppocr/utils/dict/th_dict.txt",
                           f"Global.save_inference_dir={out / 'inference'}", "Global.pretrained_model=",
                           "Global.checkpoints="], cwd=home, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"export failed, using the tiny stand-in: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
        return None
    return out


def _stats(latencies: list[float], seconds: float, n: int, cpu_seconds: float) -> dict:
    import numpy as np

    ms = np.array(latencies) * 1000
    return {"lines_per_s": n / seconds, "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "cpu_ms": 1000 * cpu_seconds / n}


def _child_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(args) -> int:
    from thaiocr.evaluation.recognizer import Recognizer

    with tempfile.TemporaryDirectory() as tmp:
        model_dir, kind = _model(args, Path(tmp))
        images = _images(args)
        rec = Recognizer(model_dir, batch_size=args.batch_size, threads=args.threads)
        rec.predict(images[:args.batch_size])  # warm-up: oneDNN kernels are built on first use
        single = []
        t0, c0 = time.perf_counter(), time.process_time()
        for im in images:
            t = time.perf_counter()
            rec.predict([im])
            single.append(time.perf_counter() - t)
        results = {"model, batch 1": _stats(single, time.perf_counter() - t0, len(images), time.process_time() - c0)}
        # all lines in one call, as eval, page OCR and the server send them: the recogniser groups lines of
        # similar width into batches (width_batches), so no line is padded to a long neighbour's width.
        # Measured warm, as a server runs: oneDNN builds kernels once per input shape, on first use
        rec.predict(images)
        t0, c0 = time.perf_counter(), time.process_time()
        rec.predict(images)
        seconds = time.perf_counter() - t0
        per_batch = seconds * args.batch_size / len(images)
        results[f"model, batches of {args.batch_size}"] = _stats([per_batch] * len(images), seconds, len(images),
                                                                 time.process_time() - c0)
    if args.tesseract_lines > 0:
        from thaiocr.evaluation.tesseract import Tesseract, available

        reason = available(args.lang)
        if reason:
            print(f"Tesseract skipped: {reason}")
        else:
            tess = Tesseract(args.lang)
            step = max(1, len(images) // args.tesseract_lines)  # spread over the set, not its first document
            subset = images[::step][:args.tesseract_lines]
            lat = []
            t0, c0 = time.perf_counter(), _child_cpu()
            for im in subset:
                t = time.perf_counter()
                tess.predict_one(im)
                lat.append(time.perf_counter() - t)
            results[f"tesseract {args.lang}"] = _stats(lat, time.perf_counter() - t0, len(subset), _child_cpu() - c0)
    _print(results, kind, model_dir, args)
    return 0


def _print(results: dict, kind: str, model_dir: Path, args) -> None:
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    machine = f"{platform.machine()}, {_cpu_name()}, {_cores()} cores"
    print(f"Inference benchmark {date} on {machine}; model: {kind} ({model_dir.name}); "
          f"{args.lines} lines, model threads {args.threads}")
    print("| engine | lines/s | p50 ms | p95 ms | CPU ms/line |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['lines_per_s']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['cpu_ms']:.1f} |")
    tess = next((r for n, r in results.items() if n.startswith("tesseract")), None)
    if tess:
        models = [r for n, r in results.items() if n.startswith("model")]
        wall = max(r["lines_per_s"] for r in models) / tess["lines_per_s"]
        cpu = tess["cpu_ms"] / min(r["cpu_ms"] for r in models)
        print(f"model / Tesseract throughput per core: {wall:.1f}x wall-clock, {cpu:.1f}x by CPU time (goal: >= 10x)")


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
