"""Environments (local, dev, prod) and their config files `configs/envs/<env>.yaml`.

`EnvConfig` is the one typed contract of those files: submit, preflight and cost read it; a bad field
fails in one line naming it. Sections other packages own (e.g. `registry:`) pass through untouched and
are read by those packages from `env_config(env)`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from thaiocr.errors import UserError
from thaiocr.paths import configs_dir

ENVS = ("local", "dev", "prod")
MAX_HOURS = 28 * 24  # SageMaker's ceiling for MaxRuntimeInSeconds / MaxWaitTimeInSeconds (28 days)


def _hours(v: Any) -> Any:
    if v is None:
        return v
    try:
        hours = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"must be a number of hours, not {v!r}") from None
    if not 0 < hours <= MAX_HOURS:
        raise ValueError(f"must be between 0 and {MAX_HOURS} hours, not {v!r}")
    return hours


class Training(BaseModel):
    """The `training:` block: what one job may use and cost."""

    model_config = ConfigDict(extra="forbid", strict=False)

    config: str = Field(min_length=1, description="a name in configs/rec/")
    pretrained: str | None = None  # s3://<bucket>/pretrained/<name>.pdparams as the `pretrained` channel
    instance_type: str
    instance_count: int = Field(1, ge=1, strict=True)
    volume_size_gb: int = Field(30, ge=1, strict=True)
    max_runtime_hours: float
    spot: bool = Field(False, strict=True)
    max_wait_hours: float | None = None
    allowed_instance_types: list[str] = Field(default_factory=list)
    budget_usd: float = Field(ge=0, description="the cost cap of one job")
    hyperparameters: dict[str, Any] = Field(default_factory=dict)
    image_tag: str | None = None

    _check_hours = field_validator("max_runtime_hours", "max_wait_hours", mode="before")(
        lambda cls, v: _hours(v))

    @field_validator("instance_count", "volume_size_gb", mode="before")
    @classmethod
    def _positive(cls, v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"must be a positive whole number, not {v!r}")
        return v

    @field_validator("instance_type")
    @classmethod
    def _sagemaker_type(cls, v: str) -> str:
        if not v.startswith("ml."):
            raise ValueError(f"must be a SageMaker type such as ml.g5.xlarge, not {v!r}")
        return v

    @model_validator(mode="after")
    def _spot_wait(self):
        if self.spot:
            if self.max_wait_hours is None:
                raise ValueError("max_wait_hours is required with spot: true")
            if self.max_wait_hours < self.max_runtime_hours:
                raise ValueError("max_wait_hours must be at least max_runtime_hours for spot")
        return self


class EnvConfig(BaseModel):
    model_config = ConfigDict(extra="allow")  # other packages' sections

    env: str
    region: str = "us-east-1"
    dataset: str = Field(min_length=1, description="the dataset name uploaded by 'make data'")
    training: Training

    @field_validator("env")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in ENVS:
            raise ValueError(f"must be one of {', '.join(ENVS)}, not {v!r}")
        return v


def check_env(env: str) -> str:
    if env not in ENVS:
        raise UserError(f"unknown env '{env}': use one of {', '.join(ENVS)}")
    return env


@lru_cache(maxsize=None)
def env_config(env: str) -> dict[str, Any]:
    """The parsed `configs/envs/<env>.yaml` (a plain mapping; `load_env` gives the typed one)."""
    import yaml

    check_env(env)
    path = configs_dir() / "envs" / f"{env}.yaml"
    if not path.exists():
        raise UserError(f"no config for env '{env}': {path} is missing")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping at the top level")
    return data


def parse_env(data: Any, where: str) -> EnvConfig:
    from thaiocr.contracts import one_line

    try:
        return EnvConfig.model_validate(data)
    except ValidationError as exc:
        raise one_line(exc, where) from None


def load_env(env: str) -> EnvConfig:
    return parse_env(env_config(env), f"configs/envs/{env}.yaml")


def region(env: str) -> str:
    return str(env_config(env).get("region", "us-east-1"))


def env_arg(parser, default: str = "local") -> None:
    """The `--env` flag every AWS-touching command shares."""
    parser.add_argument("--env", default=default, type=check_env_type, metavar="{local,dev,prod}",
                        help=f"environment (default: {default})")


def check_env_type(value: str) -> str:
    import argparse

    if value not in ENVS:
        raise argparse.ArgumentTypeError(f"unknown env '{value}': use one of {', '.join(ENVS)}")
    return value
