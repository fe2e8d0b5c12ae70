"""Metric values as they arrive: a compact table on the terminal and, on request, a plot image.
Values are parsed from the job's log lines with the entrypoint's own regexes (thaiocr.train.metrics),
the same ones SageMaker uses for CloudWatch metrics, so local and cloud show the same numbers."""
from __future__ import annotations

from pathlib import Path

from thaiocr.train.metrics import parse_line


def _fmt(value: float | None, width: int) -> str:
    return ("-" if value is None else f"{value:.4g}").rjust(width)


class MetricTable:
    def __init__(self, out=print):
        self.out = out
        self.columns: list[str] = []
        self.series: dict[str, list[tuple[int, float]]] = {}
        self.last: dict[str, float] = {}

    def feed(self, line: str, timestamp_ms: int = 0) -> bool:
        """Record the metrics of one log line and print them as a row; False when it had none."""
        found = parse_line(line)
        if not found:
            return False
        new_columns = [name for name, _ in found if name not in self.columns]
        self.columns += new_columns
        for name, value in found:
            self.series.setdefault(name, []).append((timestamp_ms, value))
            self.last[name] = value
        if new_columns:  # a new metric widens the table: show the header again
            self.out("  " + " ".join(name.rjust(max(len(name), 9)) for name in self.columns))
        row = dict(found)
        self.out("  " + " ".join(_fmt(row.get(name), max(len(name), 9)) for name in self.columns))
        return True

    def plot(self, path: str | Path, title: str = "") -> Path | None:
        """One panel per metric against minutes since the first value; None when nothing arrived."""
        if not self.series:
            return None
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        t0 = min(t for points in self.series.values() for t, _ in points)
        names = list(self.series)
        fig, axes = plt.subplots(len(names), 1, figsize=(8, 2.2 * len(names)), sharex=True, squeeze=False)
        for ax, name in zip(axes[:, 0], names):
            xs = [(t - t0) / 60000 for t, _ in self.series[name]]
            ax.plot(xs, [v for _, v in self.series[name]], marker=".", linewidth=1)
            ax.set_ylabel(name, fontsize=8)
            ax.grid(alpha=0.3)
        axes[-1, 0].set_xlabel("minutes since first metric")
        if title:
            fig.suptitle(title, fontsize=9)
        fig.tight_layout(rect=(0, 0, 1, 0.98 if title else 1))  # leave the title its own strip
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=100)
        plt.close(fig)
        return path
