"""Idempotent create-or-update of each local-stack resource: run twice, get the same resources."""
from __future__ import annotations

import json

from botocore.exceptions import ClientError


def _code(exc: ClientError) -> str:
    return exc.response.get("Error", {}).get("Code", "")


def ensure_kms_key(kms, *, alias: str, description: str, tags: dict[str, str]) -> str:
    """The key behind `alias/<alias>` (created with rotation on if missing); returns its ARN."""
    name = f"alias/{alias}"
    for page in kms.get_paginator("list_aliases").paginate():
        for entry in page.get("Aliases", []):
            if entry.get("AliasName") == name and entry.get("TargetKeyId"):
                return kms.describe_key(KeyId=entry["TargetKeyId"])["KeyMetadata"]["Arn"]
    meta = kms.create_key(Description=description, Tags=[{"TagKey": k, "TagValue": v} for k, v in tags.items()])
    key_id = meta["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id)
    kms.create_alias(AliasName=name, TargetKeyId=key_id)
    return meta["KeyMetadata"]["Arn"]


def ensure_bucket(s3, *, name: str, region: str, kms_key_arn: str, policy: dict | None, lifecycle_rules: list[dict],
                  tags: dict[str, str]) -> None:
    """policy None removes any bucket policy (the local stack cannot satisfy a TLS-only one)."""
    try:
        s3.head_bucket(Bucket=name)
    except ClientError as exc:
        if _code(exc) not in {"404", "NoSuchBucket", "NotFound"}:
            raise
        kwargs = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=name, **kwargs)
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key_arn},
        "BucketKeyEnabled": True}]})
    if policy is None:
        s3.delete_bucket_policy(Bucket=name)
    else:
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": lifecycle_rules})
    s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]})


def ensure_repository(ecr, *, name: str, kms_key_arn: str, lifecycle_policy: str, tags: dict[str, str]) -> str:
    """Returns the repository URL."""
    try:
        repo = ecr.describe_repositories(repositoryNames=[name])["repositories"][0]
    except ClientError as exc:
        if _code(exc) != "RepositoryNotFoundException":
            raise
        repo = ecr.create_repository(
            repositoryName=name, imageTagMutability="IMMUTABLE",
            imageScanningConfiguration={"scanOnPush": True},
            encryptionConfiguration={"encryptionType": "KMS", "kmsKey": kms_key_arn},
            tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )["repository"]
    ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=lifecycle_policy)
    return repo["repositoryUri"]


def ensure_role(iam, *, name: str, trust: dict, policy_name: str, policy: dict, description: str,
                tags: dict[str, str]) -> str:
    """Returns the role ARN; the trust and inline policy are rewritten on every run."""
    try:
        arn = iam.get_role(RoleName=name)["Role"]["Arn"]
        iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(trust))
    except ClientError as exc:
        if _code(exc) != "NoSuchEntity":
            raise
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), Description=description,
                              MaxSessionDuration=3600,
                              Tags=[{"Key": k, "Value": v} for k, v in tags.items()])["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName=policy_name, PolicyDocument=json.dumps(policy))
    return arn


def ensure_log_group(logs, *, name: str, retention_days: int, kms_key_arn: str, tags: dict[str, str]) -> None:
    groups = logs.describe_log_groups(logGroupNamePrefix=name).get("logGroups", [])
    if not any(g["logGroupName"] == name for g in groups):
        logs.create_log_group(logGroupName=name, kmsKeyId=kms_key_arn, tags=tags)
    logs.put_retention_policy(logGroupName=name, retentionInDays=int(retention_days))


def ensure_alerts(sns, events, *, topic: str, rule: str, pattern: str, description: str, kms_key_arn: str,
                  topic_policy, email: str, tags: dict[str, str]) -> str:
    """Topic, EventBridge rule and target (and the e-mail subscription when set); returns the topic ARN."""
    topic_arn = sns.create_topic(Name=topic, Attributes={"KmsMasterKeyId": kms_key_arn},
                                 Tags=[{"Key": k, "Value": v} for k, v in tags.items()])["TopicArn"]
    rule_arn = events.put_rule(Name=rule, EventPattern=pattern, Description=description, State="ENABLED")["RuleArn"]
    events.put_targets(Rule=rule, Targets=[{
        "Id": "alerts", "Arn": topic_arn,
        "InputTransformer": {
            "InputPathsMap": {"job": "$.detail.TrainingJobName", "status": "$.detail.TrainingJobStatus",
                              "reason": "$.detail.FailureReason"},
            "InputTemplate": '"Training job <job> is <status>: <reason>"'},
    }])
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy",
                             AttributeValue=json.dumps(topic_policy(topic_arn, rule_arn)))
    if email:
        subs = sns.list_subscriptions_by_topic(TopicArn=topic_arn).get("Subscriptions", [])
        if not any(s.get("Protocol") == "email" and s.get("Endpoint") == email for s in subs):
            sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint=email)
    return topic_arn


def ensure_dashboard(cloudwatch, *, name: str, body: str) -> None:
    cloudwatch.put_dashboard(DashboardName=name, DashboardBody=body)


def ensure_model_package_group(sagemaker, *, name: str, description: str, tags: dict[str, str]) -> str:
    """The env's model package group (terraform/modules/model_registry); returns its name."""
    try:
        sagemaker.describe_model_package_group(ModelPackageGroupName=name)
    except ClientError as exc:
        if _code(exc) != "ValidationException":
            raise
        sagemaker.create_model_package_group(ModelPackageGroupName=name, ModelPackageGroupDescription=description,
                                             Tags=[{"Key": k, "Value": v} for k, v in tags.items()])
    return name
