"""The `training:` block of `configs/envs/<env>.yaml`, checked once so that submit, preflight and cost
never see a half-valid value (a typo in a YAML file must fail before a GPU is asked for)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from thaiocr.errors import UserError

# SageMaker's own ceiling for MaxRuntimeInSeconds / MaxWaitTimeInSeconds (28 days).
MAX_SECONDS = 28 * 24 * 3600


@dataclass(frozen=True)
class TrainingSettings:
    env: str
    dataset: str
    config: str
    instance_type: str
    instance_count: int
    volume_size_gb: int
    max_runtime_seconds: int
    spot: bool
    max_wait_seconds: int | None
    allowed_instance_types: tuple[str, ...]
    budget_usd: float
    pretrained: str | None = None
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    image_tag: str | None = None

    @property
    def billable_ceiling_seconds(self) -> int:
        """The longest the job can hold an instance: max wait for spot, max runtime otherwise."""
        return int(self.max_wait_seconds if self.spot and self.max_wait_seconds else self.max_runtime_seconds)


def _hours(block: dict, key: str, where: str, required: bool = True) -> int | None:
    value = block.get(key)
    if value is None:
        if required:
            raise UserError(f"{where}: '{key}' is missing")
        return None
    try:
        seconds = int(round(float(value) * 3600))
    except (TypeError, ValueError):
        raise UserError(f"{where}: '{key}' must be a number of hours, not {value!r}") from None
    if not 0 < seconds <= MAX_SECONDS:
        raise UserError(f"{where}: '{key}' must be between 0 and {MAX_SECONDS // 3600} hours")
    return seconds


def _positive_int(block: dict, key: str, where: str, default: int | None = None) -> int:
    value = block.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UserError(f"{where}: '{key}' must be a positive whole number, not {value!r}")
    return value


def parse(env: str, data: dict[str, Any], where: str | None = None) -> TrainingSettings:
    """Settings from a parsed env config (the whole file, `training:` inside it)."""
    where = where or f"configs/envs/{env}.yaml"
    block = data.get("training")
    if not isinstance(block, dict):
        raise UserError(f"{where}: no 'training:' section", hint="see configs/envs/dev.yaml for the fields")
    dataset = data.get("dataset")
    if not dataset or not isinstance(dataset, str):
        raise UserError(f"{where}: 'dataset' (the dataset name uploaded by 'make data') is missing")
    instance_type = block.get("instance_type")
    if not isinstance(instance_type, str) or not instance_type.startswith("ml."):
        raise UserError(f"{where}: 'training.instance_type' must be a SageMaker type such as ml.g5.xlarge")
    allowed = block.get("allowed_instance_types") or []
    if not isinstance(allowed, list) or not all(isinstance(t, str) for t in allowed):
        raise UserError(f"{where}: 'training.allowed_instance_types' must be a list of instance types")
    spot = block.get("spot", False)
    if not isinstance(spot, bool):
        raise UserError(f"{where}: 'training.spot' must be true or false")
    runtime = _hours(block, "max_runtime_hours", where)
    wait = _hours(block, "max_wait_hours", where, required=spot) if spot else None
    if spot and wait < runtime:
        raise UserError(f"{where}: 'training.max_wait_hours' must be at least 'max_runtime_hours' for spot")
    try:
        budget = float(block.get("budget_usd"))
    except (TypeError, ValueError):
        raise UserError(f"{where}: 'training.budget_usd' (the cost cap of one job) must be a number") from None
    config = block.get("config")
    if not isinstance(config, str) or not config:
        raise UserError(f"{where}: 'training.config' (a name in configs/rec/) is missing")
    hyper = block.get("hyperparameters") or {}
    if not isinstance(hyper, dict):
        raise UserError(f"{where}: 'training.hyperparameters' must be a mapping")
    return TrainingSettings(
        env=env,
        dataset=dataset,
        config=config,
        instance_type=instance_type,
        instance_count=_positive_int(block, "instance_count", where, 1),
        volume_size_gb=_positive_int(block, "volume_size_gb", where, 30),
        max_runtime_seconds=runtime,
        spot=spot,
        max_wait_seconds=wait,
        allowed_instance_types=tuple(allowed),
        budget_usd=budget,
        pretrained=block.get("pretrained") or None,
        hyperparameters=dict(hyper),
        image_tag=block.get("image_tag") or None,
    )


def load(env: str) -> TrainingSettings:
    from thaiocr.envs import env_config

    return parse(env, env_config(env))
