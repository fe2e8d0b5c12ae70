"""PaddleOCR's log lines -> our metric names, so the regexes in metrics.py see one stable format.

PaddleOCR's own format changes between releases and mixes per-loss keys (CTCLoss, NRTRLoss, ...);
translating here keeps the CloudWatch series the same whatever the model or release.
"""
from __future__ import annotations

import re

_TRAIN = re.compile(r"epoch: \[(\d+)/(\d+)\], global_step: (\d+), (.*?), avg_reader_cost: ([0-9.eE+-]+) s, "
                    r"avg_batch_cost: ([0-9.eE+-]+) s, avg_samples: [0-9.eE+-]+, ips: ([0-9.eE+-]+) samples/s")
_EVAL = re.compile(r"cur metric, (.*)$")
_PAIR = re.compile(r"([A-Za-z_]+): ([-+0-9.eE]+|nan|inf)")


def _pairs(text: str) -> dict[str, float]:
    out = {}
    for key, value in _PAIR.findall(text):
        try:
            out[key] = float(value)
        except ValueError:
            continue
    return out


def parse(line: str) -> dict[str, float] | None:
    """Our metrics in one PaddleOCR log line, or None when it holds none."""
    m = _TRAIN.search(line)
    if m:
        stats = _pairs(m.group(4))
        reader, batch = float(m.group(5)), float(m.group(6))
        out = {"epoch": float(m.group(1)), "samples_per_sec": float(m.group(7))}
        if batch > 0:
            out["reader_cost_ratio"] = reader / batch
        for ours, theirs in (("train_loss", "loss"), ("train_acc", "acc"),
                             ("train_norm_edit_dis", "norm_edit_dis"), ("learning_rate", "lr")):
            if theirs in stats:
                out[ours] = stats[theirs]
        return out
    m = _EVAL.search(line)
    if m:
        stats = _pairs(m.group(1))
        out = {}
        if "acc" in stats:
            out["eval_acc"] = stats["acc"]
        if "norm_edit_dis" in stats:
            out["eval_norm_edit_dis"] = stats["norm_edit_dis"]
        return out or None
    return None
