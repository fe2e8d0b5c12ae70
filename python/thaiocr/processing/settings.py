"""The `processing:` block of `configs/envs/<env>.yaml`: instance type and count, the ceiling on both, the
runtime cap, the budget of one job, and the line count above which `make data` goes to a Processing job
instead of this machine. Checked once, so a typo fails in one line before any instance is asked for."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from thaiocr.errors import UserError

# When an env has no `processing:` block: CPU rendering on one modest type, nothing started by default.
DEFAULTS = {"instance_type": "ml.c5.2xlarge", "allowed_instance_types": ["ml.c5.2xlarge"], "instance_count": 1,
            "max_instances": 1, "volume_size_gb": 30, "max_runtime_hours": 2, "budget_usd": 0,
            "threshold_lines": 10**12}


class ProcessingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    env: str = ""
    instance_type: str
    allowed_instance_types: list[str] = Field(default_factory=list)
    instance_count: int = Field(1, ge=1)
    max_instances: int = Field(8, ge=1)
    volume_size_gb: int = Field(30, ge=1)
    max_runtime_hours: float = Field(gt=0, le=5 * 24)  # SageMaker Processing allows at most 5 days
    budget_usd: float = Field(ge=0)
    threshold_lines: int = Field(ge=1, description="specs asking for more lines go to a Processing job")

    @field_validator("instance_type")
    @classmethod
    def _sagemaker_type(cls, v: str) -> str:
        if not v.startswith("ml."):
            raise ValueError(f"must be a SageMaker type such as ml.c5.2xlarge, not {v!r}")
        return v

    @property
    def max_runtime_seconds(self) -> int:
        return int(round(self.max_runtime_hours * 3600))


def parse(env: str, block, where: str | None = None) -> ProcessingSettings:
    from thaiocr.contracts import one_line

    where = where or f"configs/envs/{env}.yaml: processing"
    if block is None:
        block = DEFAULTS
    if not isinstance(block, dict):
        raise UserError(f"{where}: expected a mapping")
    try:
        return ProcessingSettings.model_validate({**block, "env": env})
    except ValidationError as exc:
        raise one_line(exc, where, ProcessingSettings) from None


def load(env: str) -> ProcessingSettings:
    from thaiocr.envs import env_config

    return parse(env, env_config(env).get("processing"))
