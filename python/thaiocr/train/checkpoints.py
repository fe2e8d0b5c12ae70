"""Which checkpoint to resume from: the newest complete one in /opt/ml/checkpoints.

PaddleOCR saves `<prefix>.pdparams/.pdopt/.states` (latest, best_accuracy, iter_epoch_N). A job killed
while saving can leave a prefix without its .states, so only complete triples count, newest epoch first.
"""
from __future__ import annotations

import pickle
from pathlib import Path

RESUMABLE_PREFIXES = ("latest", "iter_epoch_")


def _epoch(states: Path) -> int:
    try:
        with states.open("rb") as f:
            data = pickle.load(f)  # written by PaddleOCR into our own checkpoint dir
        return int(data.get("epoch", 0))
    except Exception:
        return -1


def latest_checkpoint(checkpoints_dir: Path) -> Path | None:
    """The prefix path (without suffix) PaddleOCR's Global.checkpoints expects, or None."""
    if not checkpoints_dir.is_dir():
        return None
    best: tuple[int, int, float, Path] | None = None
    for params in checkpoints_dir.glob("*.pdparams"):
        prefix = params.with_suffix("")
        if not prefix.name.startswith(RESUMABLE_PREFIXES):
            continue
        states, opt = prefix.with_suffix(".states"), prefix.with_suffix(".pdopt")
        if not (states.is_file() and opt.is_file()):
            continue
        epoch = _epoch(states)
        if epoch < 0:
            continue
        key = (epoch, prefix.name == "latest", params.stat().st_mtime, prefix)  # same epoch: `latest`
        if best is None or key[:3] > best[:3]:
            best = key
    return best[3] if best else None


def best_or_latest(checkpoints_dir: Path) -> Path | None:
    """What to export: the best on validation when there was validation, else the latest."""
    for name in ("best_accuracy", "latest"):
        if (checkpoints_dir / f"{name}.pdparams").is_file():
            return checkpoints_dir / name
    return latest_checkpoint(checkpoints_dir)


def finished_epoch(prefix: Path) -> int:
    return _epoch(prefix.with_suffix(".states"))
