"""`make bench-data`: line images per second in line mode with every effect on (goal: 1,000/s on 2 cores).

Reports the whole run and its steady state (the second half, once each worker's glyph-cluster cache is
warm, which is what a 500k-line production run mostly sees). Writes only to a temp dir.
"""
from __future__ import annotations

import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

from thaiocr.paths import repo_root


def add_arguments(p) -> None:
    p.add_argument("--count", type=int, default=20000, help="images to make (default 20000)")
    p.add_argument("--workers", type=int, default=os.cpu_count(), help="worker processes (default: all cores)")
    p.add_argument("--spec", type=Path, default=repo_root() / "datasets/specs/th_lines_dev.yaml")


def all_effects_on(spec) -> None:
    from thaiocr.synth.effects import EFFECTS
    from thaiocr.synth.spec import EffectSpec

    have = {e.name: e for e in spec.effects}
    spec.effects = [EffectSpec(name, 1.0, have[name].params if name in have else dict(defaults))
                    for name, (_, _, defaults) in EFFECTS.items()]


def _cpu_seconds() -> float:
    """User + system CPU of this process and its finished workers: robust to other load on the machine."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(args) -> int:
    from thaiocr.synth.generate import synthesize
    from thaiocr.synth.spec import load_spec

    spec = load_spec(args.spec, count=args.count)
    all_effects_on(spec)
    spec.shard_size = 200
    marks: list[tuple[float, int]] = []
    done = 0

    def on_shard(n: int) -> None:
        nonlocal done
        done += n
        marks.append((time.perf_counter(), done))

    cpu0 = _cpu_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        synthesize(spec, Path(tmp) / "bench", workers=args.workers, progress=True, on_shard=on_shard)
        elapsed = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    half = next(m for m in marks if m[1] >= args.count // 2)
    steady = (marks[-1][1] - half[1]) / max(1e-9, marks[-1][0] - half[0])
    load = os.getloadavg()[0]
    print(f"bench-data: {args.count} line images, all {len(spec.effects)} effects at p=1, {args.workers} workers")
    print(f"  whole run (start-up, lexicon, cold caches, labels, manifest): {elapsed:.1f}s = "
          f"{args.count / elapsed:.0f} images/s")
    print(f"  steady state (second half): {steady:.0f} images/s")
    print(f"  CPU time: {1000 * cpu / args.count:.2f} ms/image over the whole run, i.e. "
          f"{args.workers * args.count / cpu:.0f} images/s on {args.workers} cores with nothing else running")
    print(f"  machine: {platform.machine()}, {os.cpu_count()} cores, load average {load:.1f}, {date.today()}")
    return 0
