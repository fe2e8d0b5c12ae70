"""Worst-case cost of a Processing job: on-demand price (configs/prices.yaml `processing:`) x max runtime x
instance count, which preflight compares with the env's processing budget."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thaiocr.errors import UserError


def hourly_price(instance_type: str) -> float:
    import yaml

    from thaiocr.jobs.cost import prices_file

    path = Path(prices_file())
    if not path.exists():
        raise UserError(f"{path} is missing", hint="it holds the on-demand prices preflight needs")
    table = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("processing") or {}
    if instance_type not in table:
        raise UserError(f"no processing price for {instance_type} in {path}",
                        hint="add its on-demand USD/hour under 'processing:' there before allowing it")
    return float(table[instance_type])


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


def worst_case(instance_type: str, count: int, hours: float) -> Estimate:
    return Estimate(instance_type, count, hours, hourly_price(instance_type))
