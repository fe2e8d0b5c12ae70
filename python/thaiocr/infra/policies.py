"""The IAM documents of terraform/modules/sagemaker_role and monitoring, for the local stack.

Statement IDs match the Terraform ones one to one (a test compares them), so a permission added in
Terraform and forgotten here fails the tests instead of silently differing between local and dev.
"""
from __future__ import annotations


def _doc(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def sagemaker_trust(account_id: str) -> dict:
    return _doc({
        "Effect": "Allow",
        "Principal": {"Service": "sagemaker.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
    })


def sagemaker_permissions(*, bucket_arn: str, repository_arn: str, kms_key_arn: str, log_group_arn: str,
                          metric_namespace: str, read_prefixes: list[str], write_prefixes: list[str]) -> dict:
    all_prefixes = list(read_prefixes) + list(write_prefixes)
    return _doc(
        {"Sid": "ListOwnPrefixes", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [bucket_arn],
         "Condition": {"StringLike": {"s3:prefix": [f"{p}*" for p in all_prefixes]}}},
        {"Sid": "ReadInputsAndOwnOutputs", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"],
         "Resource": [f"{bucket_arn}/{p}*" for p in all_prefixes]},
        {"Sid": "WriteOutputs", "Effect": "Allow",
         "Action": ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
         "Resource": [f"{bucket_arn}/{p}*" for p in write_prefixes]},
        {"Sid": "PullTrainingImage", "Effect": "Allow",
         "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
         "Resource": [repository_arn]},
        # AWS accepts only "*" for GetAuthorizationToken; the statement above decides what can be pulled.
        {"Sid": "GetEcrLoginToken", "Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": ["*"]},
        {"Sid": "WriteTrainingLogs", "Effect": "Allow",
         "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
         "Resource": [log_group_arn, f"{log_group_arn}:log-stream:*"]},
        # AWS accepts only "*" for PutMetricData; the namespace condition confines it.
        {"Sid": "PublishTrainingMetrics", "Effect": "Allow", "Action": ["cloudwatch:PutMetricData"], "Resource": ["*"],
         "Condition": {"StringEquals": {"cloudwatch:namespace": metric_namespace}}},
        {"Sid": "UseEnvironmentKey", "Effect": "Allow",
         "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"], "Resource": [kms_key_arn]},
        {"Sid": "GrantKeyToTrainingVolumes", "Effect": "Allow", "Action": ["kms:CreateGrant"], "Resource": [kms_key_arn],
         "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
    )


def alerts_topic_policy(topic_arn: str, rule_arn: str) -> dict:
    """terraform/modules/monitoring/alerts.tf: the failure rule, the env's alarms and its budget publish."""
    _, _, _, region, account, name = topic_arn.split(":", 5)
    prefix = name.removesuffix("-training-alerts")
    partition = topic_arn.split(":")[1]
    publish = lambda sid, service, condition: {  # noqa: E731 - three statements differ only in these
        "Sid": sid, "Effect": "Allow", "Principal": {"Service": service}, "Action": "sns:Publish",
        "Resource": topic_arn, "Condition": condition}
    return _doc(
        publish("EventBridgeRulePublishes", "events.amazonaws.com", {"ArnEquals": {"aws:SourceArn": rule_arn}}),
        publish("EnvironmentAlarmsPublish", "cloudwatch.amazonaws.com",
                {"ArnLike": {"aws:SourceArn": f"arn:{partition}:cloudwatch:{region}:{account}:alarm:{prefix}-*"}}),
        publish("EnvironmentBudgetPublishes", "budgets.amazonaws.com",
                {"StringEquals": {"aws:SourceAccount": account},
                 "ArnLike": {"aws:SourceArn": f"arn:{partition}:budgets::{account}:budget/{prefix}-*"}}),
    )


# terraform/modules/model_registry/iam.tf: the endpoint execution role (statement IDs compared by tests/registry).
def endpoint_trust(account_id: str) -> dict:
    return sagemaker_trust(account_id)


def endpoint_permissions(*, bucket_arn: str, serve_repository_arn: str, kms_key_arn: str, endpoint_log_group_arn: str,
                         async_prefix: str = "async/") -> dict:
    return _doc(
        {"Sid": "ReadModelArtifacts", "Effect": "Allow", "Action": ["s3:GetObject"],
         "Resource": [f"{bucket_arn}/models/*", f"{bucket_arn}/{async_prefix}input/*"]},
        {"Sid": "WriteAsyncOutputs", "Effect": "Allow", "Action": ["s3:PutObject", "s3:AbortMultipartUpload"],
         "Resource": [f"{bucket_arn}/{async_prefix}output/*"]},
        {"Sid": "PullServeImage", "Effect": "Allow",
         "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
         "Resource": [serve_repository_arn]},
        {"Sid": "GetEcrLoginToken", "Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": ["*"]},
        {"Sid": "WriteEndpointLogs", "Effect": "Allow",
         "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
         "Resource": [f"{endpoint_log_group_arn}*", f"{endpoint_log_group_arn}*:log-stream:*"]},
        {"Sid": "PublishEndpointMetrics", "Effect": "Allow", "Action": ["cloudwatch:PutMetricData"], "Resource": ["*"],
         "Condition": {"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/Endpoints", "thaiocr/serving"]}}},
        {"Sid": "UseEnvironmentKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
         "Resource": [kms_key_arn]},
    )


def sagemaker_processing_permissions(*, bucket_arn: str, log_group_arn: str, run_prefix: str,
                                     read_prefixes: list[str], publish_prefix: str) -> dict:
    """terraform/modules/sagemaker_role/processing.tf: sharded dataset jobs, on top of the training policy."""
    reads = [run_prefix, *read_prefixes]
    return _doc(
        {"Sid": "ListProcessingPrefixes", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [bucket_arn],
         "Condition": {"StringLike": {"s3:prefix": [f"{p}*" for p in [*reads, publish_prefix]]}}},
        {"Sid": "ReadRunsAndDocuments", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"],
         "Resource": [f"{bucket_arn}/{p}*" for p in reads]},
        {"Sid": "WriteRunsAndPublishDatasets", "Effect": "Allow",
         "Action": ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
         "Resource": [f"{bucket_arn}/{run_prefix}*", f"{bucket_arn}/{publish_prefix}*"]},
        {"Sid": "WriteProcessingLogs", "Effect": "Allow",
         "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
         "Resource": [log_group_arn, f"{log_group_arn}:log-stream:*"]},
    )
