"""`make cost ENV=dev`: what the configured training run and the endpoint cost, from configs/prices.yaml,
with every assumption printed beside the figure (list prices, us-east-1; taxes, storage, data transfer
and CloudWatch are left out)."""
from __future__ import annotations

import math
from functools import lru_cache

from thaiocr.errors import UserError

HOURS_PER_MONTH = 730  # AWS's own monthly convention
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600


@lru_cache(maxsize=None)
def _prices() -> dict:
    import yaml

    from thaiocr.jobs.cost import prices_file

    return yaml.safe_load(prices_file().read_text(encoding="utf-8")) or {}


def hosting_price(instance_type: str) -> float:
    table = _prices().get("hosting") or {}
    if instance_type not in table:
        raise UserError(f"no hosting price for {instance_type} in configs/prices.yaml",
                        hint="add its on-demand USD/hour under hosting:")
    return float(table[instance_type])


def spot_savings() -> float:
    return float(_prices().get("spot_savings", 0.7))


def realtime_instances(serving, rate: float) -> int:
    """Instances target tracking settles on: invocations per minute over the per-instance target, in bounds."""
    wanted = math.ceil(rate * 60 / serving.target_invocations_per_instance) if rate > 0 else 0
    return min(max(wanted, serving.min_instances), serving.max_instances)


def report(env: str, rate: float | None = None, *, out=print) -> dict:
    from thaiocr.deploy import settings as serving_settings
    from thaiocr.jobs import cost as job_cost
    from thaiocr.jobs import settings as training_settings

    t = training_settings.load(env)
    s = serving_settings.load(env)
    rate = s.requests_per_second if rate is None else rate
    hourly = job_cost.hourly_price(t.instance_type)
    hours = t.max_runtime_seconds / 3600
    on_demand = hourly * hours * t.instance_count
    spot = on_demand * (1 - spot_savings())
    worst = job_cost.worst_case(t)
    n = realtime_instances(s, rate)
    rt_month = n * hosting_price(s.instance_type) * HOURS_PER_MONTH
    busy_hours = rate * SECONDS_PER_MONTH * s.seconds_per_request / s.async_.max_concurrent_invocations_per_instance / 3600
    async_month = busy_hours * hosting_price(s.async_.instance_type)
    figures = {"training_on_demand_usd": round(on_demand, 2), "training_spot_usd": round(spot, 2),
               "training_worst_case_usd": round(worst.worst_case_usd, 2), "realtime_instances": n,
               "realtime_monthly_usd": round(rt_month, 2), "async_monthly_usd": round(async_month, 2)}
    out(f"Cost of env '{env}' (USD, list prices from configs/prices.yaml, {(_prices().get('region') or 'us-east-1')})")
    out(f"training  {t.instance_count} x {t.instance_type} x {hours:g} h (max runtime) x ${hourly:.3f}/h")
    out(f"  on-demand ${on_demand:,.2f}; spot ${spot:,.2f} (assumes {100 * spot_savings():.0f}% spot savings; "
        f"spot is {'on' if t.spot else 'off'} in this env); preflight's worst case {worst.describe()}")
    out(f"endpoint  {rate:g} requests/s = {rate * 60:g}/min; target {s.target_invocations_per_instance:g}/instance/min "
        f"-> {n} x {s.instance_type} (bounds {s.min_instances}..{s.max_instances}) x {HOURS_PER_MONTH} h x "
        f"${hosting_price(s.instance_type):.3f}/h = ${rt_month:,.2f}/month")
    out(f"async     same traffic, {s.seconds_per_request:g} s/request, {s.async_.max_concurrent_invocations_per_instance} "
        f"concurrent per instance, billed only while instances run (scale to zero): {busy_hours:,.1f} instance-h x "
        f"${hosting_price(s.async_.instance_type):.3f}/h = ${async_month:,.2f}/month")
    out("assumptions: training runs to its max runtime (an upper bound); steady traffic around the clock; "
        "no storage, data transfer, CloudWatch or tax")
    return figures
