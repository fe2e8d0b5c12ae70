"""Worst-case job cost from the small price table in configs/prices.yaml, so preflight can refuse a job
that could overrun the env's budget before any instance starts."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import configs_dir


def prices_file() -> Path:
    return configs_dir() / "prices.yaml"


@lru_cache(maxsize=None)
def _table(path: str) -> dict[str, float]:
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {str(k): float(v) for k, v in (data.get("training") or {}).items()}


def hourly_price(instance_type: str) -> float:
    path = prices_file()
    if not path.exists():
        raise UserError(f"{path} is missing", hint="it holds the on-demand prices preflight needs")
    table = _table(str(path))
    if instance_type not in table:
        raise UserError(f"no price for {instance_type} in {path}",
                        hint="add its on-demand USD/hour there before allowing it")
    return table[instance_type]


@dataclass(frozen=True)
class Estimate:
    instance_type: str
    instance_count: int
    hours: float
    hourly_usd: float

    @property
    def worst_case_usd(self) -> float:
        return self.hourly_usd * self.hours * self.instance_count

    def describe(self) -> str:
        return (f"{self.instance_count} x {self.instance_type} x {self.hours:g} h x ${self.hourly_usd:.3f}/h"
                f" = ${self.worst_case_usd:.2f}")


def worst_case(settings) -> Estimate:
    """On-demand price x the longest the job may hold instances (max wait for spot) x count."""
    return Estimate(
        instance_type=settings.instance_type,
        instance_count=settings.instance_count,
        hours=settings.billable_ceiling_seconds / 3600,
        hourly_usd=hourly_price(settings.instance_type),
    )
