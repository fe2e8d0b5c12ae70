"""The `serving:` block of `configs/envs/<env>.yaml`: instance type, scaling bounds and target, the
asynchronous variant, and the traffic `make cost` prices. Typed (pydantic) like the env's other blocks,
so a typo fails in one line before any endpoint is touched."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from thaiocr.errors import UserError


class Async(BaseModel):
    """Asynchronous inference for batches of PDFs: requests queue in S3, instances scale to zero when idle."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    instance_type: str = Field("ml.m5.large", pattern=r"^ml\.")
    max_instances: int = Field(2, ge=1)
    max_concurrent_invocations_per_instance: int = Field(4, ge=1)
    target_backlog_per_instance: float = Field(5.0, gt=0)  # queued requests per instance before scaling out
    scale_in_cooldown_seconds: int = Field(600, ge=0)


class Serving(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instance_type: str = Field("ml.m5.large", pattern=r"^ml\.")
    min_instances: int = Field(1, ge=1)
    max_instances: int = Field(2, ge=1)
    target_invocations_per_instance: float = Field(600, gt=0)  # per minute, SageMakerVariantInvocationsPerInstance
    scale_in_cooldown_seconds: int = Field(300, ge=0)
    scale_out_cooldown_seconds: int = Field(60, ge=0)
    model_workers: int = Field(2, ge=1)
    requests_per_second: float = Field(1.0, ge=0)  # the traffic `make cost` prices
    seconds_per_request: float = Field(0.05, gt=0)  # one line on one instance, for the async estimate
    async_: Async = Field(default_factory=Async, alias="async")
    local_port: int = Field(8090, ge=1, le=65535)  # ENV=local: `thaiocr serve` on 127.0.0.1

    @model_validator(mode="after")
    def _bounds(self):
        if self.max_instances < self.min_instances:
            raise ValueError(f"max_instances ({self.max_instances}) must be at least min_instances ({self.min_instances})")
        return self


def parse(env: str, data: dict) -> Serving:
    try:
        return Serving.model_validate(data.get("serving") or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "serving"
        raise UserError(f"configs/envs/{env}.yaml: serving.{where}: {err['msg']}".replace("serving.serving", "serving")
                        ) from None


def load(env: str) -> Serving:
    from thaiocr.envs import env_config

    return parse(env, env_config(env))
