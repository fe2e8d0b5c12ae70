"""The `registry:` block of `configs/envs/<env>.yaml`: how incremental runs replay the base model's data
and how far a new version may fall behind it. Checked here, so a typo fails before a job starts."""
from __future__ import annotations

from dataclasses import dataclass

from thaiocr.errors import UserError

DEFAULTS = {"replay_fraction": 0.3, "gate_margin": 0.01, "real_documents": None}


@dataclass(frozen=True)
class RegistrySettings:
    replay_fraction: float  # share of the base dataset's training lines mixed into the new data
    gate_margin: float  # the most a new version's CER may exceed its base's on any gate set (absolute)
    real_documents: str | None  # dataset name of the real-document set (datasets/<name>/LATEST.json)


def parse(env: str, data: dict) -> RegistrySettings:
    where = f"configs/envs/{env}.yaml: registry"
    block = data.get("registry") or {}
    if not isinstance(block, dict):
        raise UserError(f"{where} must be a mapping")
    unknown = sorted(set(block) - set(DEFAULTS))
    if unknown:
        raise UserError(f"{where} has unknown keys {', '.join(unknown)}", hint=f"known: {', '.join(DEFAULTS)}")
    values = {**DEFAULTS, **block}
    try:
        replay, margin = float(values["replay_fraction"]), float(values["gate_margin"])
    except (TypeError, ValueError):
        raise UserError(f"{where}: replay_fraction and gate_margin must be numbers") from None
    if not 0 <= replay <= 1:
        raise UserError(f"{where}.replay_fraction must be between 0 and 1, not {replay}")
    if not 0 <= margin < 1:
        raise UserError(f"{where}.gate_margin must be a CER difference in [0, 1), not {margin}")
    real = values["real_documents"]
    if real is not None and (not isinstance(real, str) or not real):
        raise UserError(f"{where}.real_documents must be a dataset name or null")
    return RegistrySettings(replay_fraction=replay, gate_margin=margin, real_documents=real)


def load(env: str) -> RegistrySettings:
    from thaiocr.envs import env_config

    return parse(env, env_config(env))
