"""Which shards an instance renders and where a run keeps its pieces.

Shard k of N takes every N-th shard of plan_shards(spec) (a strided slice: splits and slow test-font shards
spread evenly), so the slice depends only on the spec (seed included) and N, and every shard renders the
same bytes whichever instance draws it. A run's pieces live under a prefix keyed by the spec's hash and
seed, because the dataset's content hash is known only once every image exists.
"""
from __future__ import annotations

import hashlib
import json

RUNS_PREFIX = "tmp/processing/"  # scratch: the bucket's expire-tmp lifecycle rule cleans old runs
PDF_READ_PREFIX = "raw/"          # documents a job may import (the role reads nothing else there)
JOB_PREFIX = "thaiocr-data-"      # every processing job name starts so (monitor tells them from training jobs)


def assign(shards: list, rank: int, count: int) -> list:
    if not 0 <= rank < count:
        raise ValueError(f"rank {rank} outside 0..{count - 1}")
    return shards[rank::count]


def spec_key(spec) -> str:
    """sha256 of the parsed spec (seed and count included): two runs with one key render the same bytes."""
    text = json.dumps(spec.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_prefix(kind: str, name: str, key: str, seed: int | None = None) -> str:
    tail = f"{key}-seed{seed}" if seed is not None else key
    return f"{RUNS_PREFIX}{kind}/{name}/{tail}/"


def synth_run_prefix(spec) -> str:
    return run_prefix("synth", spec.name, spec_key(spec), spec.seed)


def is_processing_job(name: str | None) -> bool:
    return bool(name) and name.startswith(JOB_PREFIX)
