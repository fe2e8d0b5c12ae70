"""`thaiocr bench data|train|infer`: each lives in its own module exposing `add_arguments(p)` and `run(args)`."""
from __future__ import annotations

import importlib

from thaiocr.cli import group

BENCHES = {
    "data": ("thaiocr.bench.data", "line images/s in line mode with all effects on"),
    "train": ("thaiocr.bench.train", "training samples/s and the share of time spent waiting for data"),
    "infer": ("thaiocr.bench.infer", "recognition lines/s and p50/p95 latency, model vs Tesseract"),
    "serve": ("thaiocr.bench.serve", "load test of thaiocr serve on 127.0.0.1: req/s, p50/p99, RSS, 1 and 2 workers"),
    "import-pdf": ("thaiocr.bench.import_pdf", "seconds for a 100-page Thai PDF to become line images"),
    "framing": ("thaiocr.bench.framing", "CER of the same lines as given, padded and shifted (framing invariance)"),
}


def register(sub) -> None:
    bench = group(sub, "bench", "benchmarks; record their figures in docs/BENCHMARKS.md")
    for name, (module_name, help_text) in BENCHES.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        p = bench.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(func=module.run)
