"""The `training:` block of `configs/envs/<env>.yaml` as submit, preflight and cost use it (seconds, not
hours). Validation is the typed model `thaiocr.envs.EnvConfig`: a typo in a YAML file fails in one line
before a GPU is asked for."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


def parse(env: str, data: dict[str, Any], where: str | None = None) -> TrainingSettings:
    """Settings from a parsed env config (the whole file, `training:` inside it), via its typed model."""
    from thaiocr.envs import parse_env

    cfg = parse_env(data, where or f"configs/envs/{env}.yaml")
    t = cfg.training
    return TrainingSettings(
        env=env,
        dataset=cfg.dataset,
        config=t.config,
        instance_type=t.instance_type,
        instance_count=t.instance_count,
        volume_size_gb=t.volume_size_gb,
        max_runtime_seconds=int(round(t.max_runtime_hours * 3600)),
        spot=t.spot,
        max_wait_seconds=int(round(t.max_wait_hours * 3600)) if t.spot and t.max_wait_hours else None,
        allowed_instance_types=tuple(t.allowed_instance_types),
        budget_usd=t.budget_usd,
        pretrained=t.pretrained or None,
        hyperparameters=dict(t.hyperparameters),
        image_tag=t.image_tag or None,
    )


def load(env: str) -> TrainingSettings:
    from thaiocr.envs import env_config

    return parse(env, env_config(env))
