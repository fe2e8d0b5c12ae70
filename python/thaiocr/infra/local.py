"""`make infra ENV=local`: the resources Terraform creates for dev, created in the local moto stack.

Names and settings come from terraform/envs/dev/terraform.tfvars (environment forced to "local") and
from the modules' variable defaults, so Terraform's files stay the one source of truth. Importable:
`apply_local()` is what `make demo` calls before it touches the local stack.

One deliberate difference: no TLS-only bucket policy. The local stack is plain HTTP on 127.0.0.1, and
moto enforces bucket policies, so that deny would refuse every object request.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any

from thaiocr.errors import UserError
from thaiocr.infra.outputs import InfraOutputs, local_outputs_file

ENV = "local"


# The retention values CloudWatch accepts; the Terraform validation lists the same (a test compares them).
CLOUDWATCH_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                             2922, 3288, 3653)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _settings() -> dict[str, Any]:
    """tfvars values over module defaults: exactly what a dev `terraform apply` would use."""
    from thaiocr.infra.hcl import module_defaults, tfvars

    settings: dict[str, Any] = {}
    for module in ("data_bucket", "image_repository", "sagemaker_role", "monitoring"):
        settings.update(module_defaults(module))
    values = tfvars(ENV)
    settings.update(values)
    # env-level names differ from the module variables they feed
    settings["keep_images"] = values.get("image_keep_count", settings.get("keep_images"))
    _check(settings)
    return settings


def _check(settings: dict[str, Any]) -> None:
    """The rules Terraform's validation blocks enforce at plan time, so local fails the same way dev would."""
    where = "terraform/envs/dev/terraform.tfvars"
    if settings.get("log_retention_days") not in CLOUDWATCH_RETENTION_DAYS:
        raise UserError(f"{where}: log_retention_days must be one of "
                        f"{', '.join(map(str, CLOUDWATCH_RETENTION_DAYS))}, not {settings.get('log_retention_days')!r}")
    email = settings.get("alert_email") or ""
    if email and not _EMAIL.match(str(email)):
        raise UserError(f"{where}: alert_email must be an e-mail address like name@example.com, or empty")
    budget = settings.get("monthly_budget_usd")
    if not isinstance(budget, (int, float)) or isinstance(budget, bool) or budget <= 0:
        raise UserError(f"{where}: monthly_budget_usd must be a positive number of dollars, not {budget!r}")
    for key in ("image_keep_count", "checkpoint_expiry_days", "tmp_expiry_days"):
        if key in settings and (not isinstance(settings[key], int) or settings[key] < 1):
            raise UserError(f"{where}: {key} must be a whole number of at least 1, not {settings[key]!r}")


def apply_local() -> InfraOutputs:
    """Create (or bring up to date) the local stack's resources and write .local/infra/outputs.json."""
    from botocore.exceptions import ClientError

    settings = _settings()
    try:
        outputs = _apply(settings)
    except ClientError as exc:  # the local stack refused a value: say which, in one line
        err = exc.response.get("Error", {})
        raise UserError(f"the local stack refused {exc.operation_name}: {err.get('Code')}: {err.get('Message')}",
                        hint="check terraform/envs/dev/terraform.tfvars") from None
    _write(outputs)
    return outputs


def _apply(s: dict[str, Any]) -> InfraOutputs:
    """Each resource in dependency order: the key first (everything is encrypted with it)."""
    from thaiocr.aws.session import client
    from thaiocr.envs import region
    from thaiocr.infra import documents, policies
    from thaiocr.infra import local_resources as res
    from thaiocr.infra.naming import Names

    reg = region(ENV)
    account = client("sts", ENV).get_caller_identity()["Account"]
    names = Names(project=s["project"], environment=ENV, account_id=account)
    tags = {"Project": names.project, "Environment": ENV, "ManagedBy": "thaiocr infra apply --env local"}
    partition = "aws"

    key_arn = res.ensure_kms_key(client("kms", ENV), alias=names.kms_alias, tags=tags,
                                 description=f"{names.prefix}: data, images, training logs and alerts")
    bucket_arn = f"arn:{partition}:s3:::{names.bucket}"
    res.ensure_bucket(
        client("s3", ENV), name=names.bucket, region=reg, kms_key_arn=key_arn, tags=tags,
        policy=None,  # see the module docstring: a TLS-only deny cannot be met over the local plain HTTP
        lifecycle_rules=documents.bucket_lifecycle_rules(
            abort_multipart_days=s["abort_multipart_days"], checkpoint_expiry_days=s["checkpoint_expiry_days"],
            tmp_expiry_days=s["tmp_expiry_days"],
            dataset_noncurrent_transition_days=s["dataset_noncurrent_transition_days"],
            noncurrent_version_expiry_days=s["noncurrent_version_expiry_days"]),
    )
    repository_url = res.ensure_repository(
        client("ecr", ENV), name=names.repository, kms_key_arn=key_arn, tags=tags,
        lifecycle_policy=documents.ecr_lifecycle_policy(keep_images=s["keep_images"],
                                                        untagged_expiry_days=s["untagged_expiry_days"]),
    )
    repository_arn = f"arn:{partition}:ecr:{reg}:{account}:repository/{names.repository}"
    log_group_arn = f"arn:{partition}:logs:{reg}:{account}:log-group:{names.log_group}"
    role_arn = res.ensure_role(
        client("iam", ENV), name=names.sagemaker_role, description=f"SageMaker training jobs of {names.sagemaker_role}",
        trust=policies.sagemaker_trust(account), policy_name="training", tags=tags,
        policy=policies.sagemaker_permissions(
            bucket_arn=bucket_arn, repository_arn=repository_arn, kms_key_arn=key_arn, log_group_arn=log_group_arn,
            metric_namespace=s["metric_namespace"], read_prefixes=s["read_prefixes"], write_prefixes=s["write_prefixes"]),
    )
    client("iam", ENV).put_role_policy(  # sharded dataset jobs: terraform/modules/sagemaker_role/processing.tf
        RoleName=names.sagemaker_role, PolicyName="processing", PolicyDocument=json.dumps(
            policies.sagemaker_processing_permissions(
                bucket_arn=bucket_arn, run_prefix=s.get("processing_run_prefix", "tmp/processing/"),
                read_prefixes=s.get("processing_read_prefixes", ["raw/"]),
                publish_prefix=s.get("processing_publish_prefix", "datasets/"),
                log_group_arn=f"arn:{partition}:logs:{reg}:{account}:log-group:"
                              f"{s.get('processing_log_group_name', '/aws/sagemaker/ProcessingJobs')}")))
    res.ensure_log_group(client("logs", ENV), name=names.log_group, retention_days=s["log_retention_days"],
                         kms_key_arn=key_arn, tags=tags)
    topic_arn = res.ensure_alerts(
        client("sns", ENV), client("events", ENV), topic=names.sns_topic, rule=names.event_rule,
        pattern=documents.training_failed_pattern(s["alert_statuses"]),
        description=f"SageMaker training jobs that end {' or '.join(s['alert_statuses'])}",
        kms_key_arn=key_arn, topic_policy=policies.alerts_topic_policy, email=s.get("alert_email") or "", tags=tags,
    )
    res.ensure_dashboard(client("cloudwatch", ENV), name=names.dashboard, body=documents.dashboard_body(
        metric_widgets=s["metric_widgets"], namespace=s["metric_namespace"], region=reg,
        period=int(s["dashboard_period"])))
    from thaiocr.infra.local_operations import ensure_operations  # alarms and budget, on the alert topic

    ensure_operations(lambda service: client(service, ENV), names=names, settings=s, account=account,
                      topic_arn=topic_arn)

    # terraform/modules/model_registry: the model package group and the endpoint role; the serving image is
    # tagged serve-<git sha> in the training repository, as the envs wire it
    group = res.ensure_model_package_group(client("sagemaker", ENV), name=names.model_package_group, tags=tags,
                                           description=f"Versions of the {names.prefix} Thai line recogniser")
    endpoint_role_arn = res.ensure_role(
        client("iam", ENV), name=names.endpoint_role, description=f"SageMaker endpoints of {names.prefix}",
        trust=policies.endpoint_trust(account), policy_name="serving", tags=tags,
        policy=policies.endpoint_permissions(
            bucket_arn=bucket_arn, serve_repository_arn=repository_arn, kms_key_arn=key_arn,
            endpoint_log_group_arn=f"arn:{partition}:logs:{reg}:{account}:log-group:/aws/sagemaker/Endpoints/{names.endpoint}"))
    lifecycle = {"model_package_group": group, "endpoint_role_arn": endpoint_role_arn,
                 "serve_repository_url": repository_url, "endpoint_name": names.endpoint}
    outputs = InfraOutputs(bucket=names.bucket, bucket_arn=bucket_arn, repository_url=repository_url,
                           role_arn=role_arn, log_group=names.log_group, sns_topic_arn=topic_arn,
                           kms_key_arn=key_arn, **lifecycle)
    return outputs


def _write(outputs: InfraOutputs) -> None:
    """Atomic, so a reader never sees half a file."""
    path = local_outputs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(outputs.to_dict(), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
