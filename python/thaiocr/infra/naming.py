"""Resource names, `<project>-<env>-...`, derived the way terraform/envs/<env>/main.tf derives them.

The local stack uses these to create the very names Terraform would; tests/infra keeps both in step.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

# SageMaker writes every training job's logs here; the name is AWS's, not ours.
TRAINING_LOG_GROUP = "/aws/sagemaker/TrainingJobs"


@dataclass(frozen=True)
class Names:
    project: str
    environment: str
    account_id: str

    @property
    def prefix(self) -> str:
        return f"{self.project}-{self.environment}"

    @property
    def bucket(self) -> str:
        # the account ID makes the global bucket name unique without anyone writing it down
        return f"{self.prefix}-data-{self.account_id}"

    @property
    def repository(self) -> str:
        return f"{self.prefix}-train"

    @property
    def sagemaker_role(self) -> str:
        return f"{self.prefix}-sagemaker-role"

    @property
    def kms_alias(self) -> str:
        return self.prefix

    @property
    def log_group(self) -> str:
        return TRAINING_LOG_GROUP

    @property
    def sns_topic(self) -> str:
        return f"{self.prefix}-training-alerts"

    @property
    def event_rule(self) -> str:
        return f"{self.prefix}-training-failed"

    @property
    def dashboard(self) -> str:
        return f"{self.prefix}-training"

    @property
    def training_failed_alarm(self) -> str:
        return f"{self.prefix}-training-failed"

    @property
    def metrics_missing_alarm(self) -> str:
        return f"{self.prefix}-training-metrics-missing"

    @property
    def budget(self) -> str:
        return f"{self.prefix}-monthly"

    @property
    def permissions_boundary(self) -> str:
        return f"{self.prefix}-permissions-boundary"

    @property
    def ci_plan_role(self) -> str:
        return f"{self.prefix}-ci-plan"

    @property
    def ci_deploy_role(self) -> str:
        return f"{self.prefix}-ci-deploy"

    # terraform/modules/model_registry derives these from name_prefix (tests/registry compares them)
    @property
    def model_package_group(self) -> str:
        return f"{self.prefix}-models"

    @property
    def endpoint_role(self) -> str:
        return f"{self.prefix}-endpoint-role"

    @property
    def endpoint(self) -> str:
        return f"{self.prefix}-ocr"

    def as_dict(self) -> dict[str, str]:
        props = [n for n, v in vars(type(self)).items() if isinstance(v, property)]
        return {**asdict(self), **{n: getattr(self, n) for n in props}}
