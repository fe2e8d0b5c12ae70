"""The one set of metric regexes: the entrypoint prints these lines, SageMaker and local monitoring parse them.

`METRIC_DEFINITIONS` goes straight into CreateTrainingJob's AlgorithmSpecification.MetricDefinitions;
`parse_line` applies the very same regexes locally, so a metric seen in `make monitor ENV=local` is the
metric CloudWatch would show. Stdlib only.
"""
from __future__ import annotations

import math
import re
from typing import Iterable, Mapping

PREFIX = "[metrics]"
_NUMBER = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"

# name -> why it is worth a CloudWatch series
METRIC_NAMES: dict[str, str] = {
    "epoch": "progress; lets a dashboard line up eval points",
    "train_loss": "smoothed training loss (PaddleOCR's log window)",
    "train_acc": "line accuracy on training batches",
    "train_norm_edit_dis": "1 - normalised edit distance on training batches",
    "learning_rate": "the schedule actually applied",
    "samples_per_sec": "throughput; a drop means the GPU waits",
    "reader_cost_ratio": "share of step time spent waiting for data (goal < 0.05)",
    "eval_acc": "line accuracy on the validation split",
    "eval_norm_edit_dis": "1 - normalised edit distance on the validation split",
    "test_cer": "character error rate of the exported model on the test split",
    "test_line_acc": "line accuracy of the exported model on the test split",
}

METRIC_DEFINITIONS: list[dict[str, str]] = [
    {"Name": name, "Regex": rf"\b{name}={_NUMBER}"} for name in METRIC_NAMES
]

_COMPILED = [(d["Name"], re.compile(d["Regex"])) for d in METRIC_DEFINITIONS]


def format_metrics(values: Mapping[str, float]) -> str:
    """One log line holding the given metrics; unknown names are refused so the regex set stays the truth."""
    unknown = sorted(set(values) - set(METRIC_NAMES))
    if unknown:
        raise ValueError(f"unknown metric name(s): {', '.join(unknown)}")
    parts = []
    for name in METRIC_NAMES:  # fixed order: lines are easy to diff and grep
        if name in values and values[name] is not None:
            value = float(values[name])
            if math.isfinite(value):
                parts.append(f"{name}={value:.6g}")
    return f"{PREFIX} " + " ".join(parts) if parts else ""


def parse_line(line: str) -> list[tuple[str, float]]:
    """The (name, value) pairs SageMaker would extract from one log line."""
    found = []
    for name, rx in _COMPILED:
        m = rx.search(line)
        if m:
            found.append((name, float(m.group(1))))
    return found


def parse_lines(lines: Iterable[str]) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for line in lines:
        out.extend(parse_line(line))
    return out
