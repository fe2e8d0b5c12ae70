"""The incremental-training gate: a new version may not be worse than its base by more than the margin
(absolute CER) on any gate set (the base's test split, the real-document set). Both models are scored
now, on the same images, so the comparison never mixes old and new figures."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from thaiocr.errors import UserError


class GateRefused(UserError):
    """The new model regressed: not registered. Exit 1 (the model's fault, not the command's)."""

    exit_code = 1


@dataclass(frozen=True)
class Row:
    key: str
    base_cer: float
    new_cer: float

    @property
    def delta(self) -> float:
        return self.new_cer - self.base_cer


@dataclass(frozen=True)
class Verdict:
    base: str  # the base version label, e.g. v1
    margin: float
    rows: list[Row] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.delta <= self.margin + 1e-12 for r in self.rows)

    def summary(self) -> str:
        """One line, short enough for a 256-character metadata value."""
        parts = [f"{r.key} {r.base_cer:.4f}->{r.new_cer:.4f}" for r in self.rows]
        return (f"{'pass' if self.passed else 'fail'} vs {self.base} (margin {self.margin:g}): "
                + "; ".join(parts))[:256]

    def as_dict(self) -> dict:
        return {"base": self.base, "margin": self.margin, "passed": self.passed,
                "sets": {r.key: {"base_cer": r.base_cer, "new_cer": r.new_cer, "delta": round(r.delta, 6)}
                         for r in self.rows}}


def judge(base_label: str, base_model: Path, new_model: Path, sets: dict[str, Path], margin: float) -> Verdict:
    from thaiocr.registry import scoring

    if not sets:
        raise UserError("the gate has no test set to judge on (the base names no dataset, and no real-document "
                        "set is uploaded)")
    rows = [Row(key, scoring.cer(base_model, path), scoring.cer(new_model, path)) for key, path in sets.items()]
    return Verdict(base=base_label, margin=margin, rows=rows)
