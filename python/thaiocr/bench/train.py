"""`thaiocr bench train`: training throughput and the share of step time spent waiting for data.

Runs the real entrypoint (same config rendering, same PaddleOCR trainer) on a generated dataset sized
for a fixed number of steps, and reads PaddleOCR's own timing back through the metric lines. The goal:
the data loader is never the bottleneck (reader_cost_ratio < 5%).
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from thaiocr.errors import UserError

READER_GOAL = 0.05


def add_arguments(p) -> None:
    p.add_argument("--config", default="th_cpu_tiny", help="configs/rec/<config>.yml (default: th_cpu_tiny)")
    p.add_argument("--steps", type=int, default=40, help="training steps to time (default: 40)")
    p.add_argument("--batch-size", type=int, default=16, help="per-device batch (default: 16)")
    p.add_argument("--workers", type=int, default=2, help="data loader workers (default: 2)")
    p.add_argument("--device", choices=("auto", "cpu", "gpu"), default="auto")
    p.add_argument("--data", type=Path, help="a dataset dir to read (default: a generated tiny one)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--loader-only", action="store_true",
                   help="only time the data pipeline on one core (samples/s per loader worker)")
    p.add_argument("--model-only", action="store_true",
                   help="only time the network on one core: forward, CTC loss, backward, Adam step on random "
                        "batches at the config's input shape (compares architectures for a CPU recipe)")
    p.add_argument("--backbone", action="append", default=[], metavar="NAME[:k=v,...]",
                   help="with --model-only: time this backbone in the config's place (repeatable), "
                        "e.g. MobileNetV3:scale=0.5,model_name=small or ResNet:layers=18")
    p.add_argument("--profile", action="store_true", help="with --model-only: the operators the step time goes to")


def _windows(log: str) -> list[dict]:
    from thaiocr.train.metrics import parse_line

    out = []
    for line in log.splitlines():
        if line.startswith("[metrics]"):
            values = dict(parse_line(line))
            if "samples_per_sec" in values:
                out.append(values)
    return out


def run(args) -> int:
    from thaiocr.train.source import paddleocr_home
    from thaiocr.train.tiny_dataset import write_dataset

    home = paddleocr_home()
    if args.model_only:
        return _model_only(args, home)
    if args.backbone or args.profile:
        raise UserError("--backbone and --profile go with --model-only")
    if args.steps < 4:
        raise UserError("--steps must be at least 4 (the first window is warm-up and is not counted)")
    print_every = max(2, args.steps // 8)
    if args.loader_only:
        return _loader_only(args, home)
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        tmp = Path(tmp)
        data = args.data or write_dataset(tmp / "data", {"train": args.steps * args.batch_size, "val": 0, "test": 0},
                                          max_len=30, height=48)
        base = tmp / "opt_ml"
        (base / "input/config").mkdir(parents=True)
        (base / "input/data").mkdir(parents=True)
        (base / "input/data/training").symlink_to(Path(data).resolve(), target_is_directory=True)
        hp = {"config": args.config, "epochs": "1", "batch_size": str(args.batch_size), "evaluate": "false",
              "num_workers": str(args.workers), "print_every": str(print_every), "device": args.device}
        (base / "input/config/hyperparameters.json").write_text(json.dumps(hp))
        env = {**os.environ, "SAGEMAKER_BASE_DIR": str(base), "PADDLEOCR_HOME": str(home)}
        if args.device == "cpu":
            env["THAIOCR_NUM_GPUS"] = "0"
        started = time.time()
        proc = subprocess.run([sys.executable, "-m", "thaiocr.train", "train"], env=env, capture_output=True, text=True)
        wall = time.time() - started
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        tail = "\n".join(log.splitlines()[-15:])
        print(tail, file=sys.stderr)
        raise UserError(f"the benchmark's training run failed (exit {proc.returncode}); its log tail is above")
    windows = _windows(log)[1:]  # the first window holds start-up and the first batches' warm-up
    if not windows:
        raise UserError("no timing lines in the training log (too few steps?)")
    figures = {
        "config": args.config, "steps": args.steps, "batch_size": args.batch_size, "workers": args.workers,
        "device": "GPU" if "device Place(gpu" in log else "CPU",
        "samples_per_sec": round(statistics.median(w["samples_per_sec"] for w in windows), 2),
        "reader_cost_ratio": round(statistics.mean(w.get("reader_cost_ratio", 0.0) for w in windows), 4),
        "windows": len(windows), "wall_s": round(wall, 1),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu",
    }
    if args.json:
        print(json.dumps(figures))
    else:
        ok = "OK" if figures["reader_cost_ratio"] < READER_GOAL else "ABOVE the 5% goal"
        print(f"train {figures['config']} on {figures['device']}: {figures['samples_per_sec']} samples/s "
              f"(median of {figures['windows']} windows, batch {args.batch_size}, {args.workers} workers); "
              f"waiting for data {figures['reader_cost_ratio'] * 100:.1f}% of step time ({ok}); "
              f"wall {figures['wall_s']} s incl. start-up and export")
    return 0


def _loader_only(args, home) -> int:
    from thaiocr.bench.train_loader import per_core_rate
    from thaiocr.train.tiny_dataset import write_dataset

    samples = args.steps * args.batch_size
    with tempfile.TemporaryDirectory(prefix="bench-loader-") as tmp:
        data = args.data or write_dataset(Path(tmp) / "data", {"train": min(samples, 256)}, max_len=30, height=48)
        figures = per_core_rate(args.config, Path(data), samples, home)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"loader {figures['config']} ({figures['dataset']}): {figures['per_core_samples_per_sec']} samples/s "
              f"per CPU core; loader workers needed ~= GPU samples/s / this rate")
    return 0


def _model_only(args, home) -> int:
    from thaiocr.bench.train_model import model_rate, parse_backbone

    backbones = [parse_backbone(b) for b in args.backbone] or [None]
    rows = [model_rate(args.config, args.batch_size, max(args.steps, 1), home, b, args.profile) for b in backbones]
    for r in rows:
        if args.json:
            print(json.dumps(r))
            continue
        print(f"model {r['config']} / {r['backbone']}: {r['samples_per_sec_per_core']} samples/s per core "
              f"({r['step_ms']} ms a step of {r['batch']} at {r['input']}, {r['params_m']}M parameters, "
              f"{r['ctc_steps']} CTC steps)")
        if r.get("top_ops"):
            print("  time goes to: " + ", ".join(f"{name} {share}%" for name, share in r["top_ops"]))
    return 0
