"""Learning curves from PaddleOCR's own training log: train loss/accuracy per logged step, eval accuracy
and normalised edit distance at each evaluation."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_STEP = re.compile(r"global_step: (\d+).*?acc: ([\d.eE+-]+), norm_edit_dis: ([\d.eE+-]+), loss: ([\d.eE+-]+)"
                   r".*?ips: ([\d.eE+-]+)")
_EVAL = re.compile(r"cur metric, acc: ([\d.eE+-]+), norm_edit_dis: ([\d.eE+-]+)")
# The entrypoint's metric line after each step line carries the job's samples/s (every trainer together);
# PaddleOCR's own `ips` is one trainer's.
_JOB_RATE = re.compile(r"^\[metrics\] .*\bsamples_per_sec=([\d.eE+-]+)")


@dataclass
class Curve:
    steps: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    acc: list[float] = field(default_factory=list)
    ips: list[float] = field(default_factory=list)  # samples/s of the whole job
    eval_steps: list[int] = field(default_factory=list)
    eval_acc: list[float] = field(default_factory=list)
    eval_ned: list[float] = field(default_factory=list)


def parse_log(lines) -> Curve:
    curve = Curve()
    for line in lines:
        m = _STEP.search(line)
        if m:
            curve.steps.append(int(m.group(1)))
            curve.acc.append(float(m.group(2)))
            curve.loss.append(float(m.group(4)))
            curve.ips.append(float(m.group(5)))
            continue
        m = _JOB_RATE.search(line)
        if m and curve.ips:
            curve.ips[-1] = float(m.group(1))
            continue
        m = _EVAL.search(line)
        if m:
            curve.eval_steps.append(curve.steps[-1] if curve.steps else 0)
            curve.eval_acc.append(float(m.group(1)))
            curve.eval_ned.append(float(m.group(2)))
    return curve


def plot(curve: Curve, path: Path, title: str = "") -> Path | None:
    if not curve.steps:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5), sharex=True)
    top.plot(curve.steps, curve.loss, linewidth=1)
    top.set_ylabel("train CTC loss")
    top.set_yscale("log")
    bottom.plot(curve.steps, curve.acc, linewidth=1, label="train line accuracy (batch)")
    if curve.eval_steps:
        bottom.plot(curve.eval_steps, curve.eval_acc, marker="o", label="val line accuracy")
        bottom.plot(curve.eval_steps, curve.eval_ned, marker="s", label="val 1 - normalised edit distance")
    bottom.set_ylim(0, 1)
    bottom.set_xlabel("step")
    bottom.legend(fontsize=8, loc="lower right")
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
