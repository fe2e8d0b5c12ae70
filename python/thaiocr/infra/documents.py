"""The JSON documents of the Terraform modules that are not IAM policies (lifecycle rules, event pattern,
dashboard), built the same way for the local stack."""
from __future__ import annotations

import json


def bucket_lifecycle_rules(*, abort_multipart_days: int, checkpoint_expiry_days: int, tmp_expiry_days: int,
                           dataset_noncurrent_transition_days: int, noncurrent_version_expiry_days: int) -> list[dict]:
    """terraform/modules/data_bucket/lifecycle.tf, rule by rule (same IDs)."""
    scratch = lambda rule_id, prefix, days: {  # noqa: E731 - two rules differ only in these
        "ID": rule_id, "Status": "Enabled", "Filter": {"Prefix": prefix},
        "Expiration": {"Days": int(days)}, "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
    }
    return [
        {"ID": "abort-incomplete-multipart-uploads", "Status": "Enabled", "Filter": {"Prefix": ""},
         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": int(abort_multipart_days)}},
        scratch("expire-checkpoints", "checkpoints/", checkpoint_expiry_days),
        scratch("expire-tmp", "tmp/", tmp_expiry_days),
        {"ID": "old-dataset-versions-to-infrequent-access", "Status": "Enabled", "Filter": {"Prefix": "datasets/"},
         "NoncurrentVersionTransitions": [{"NoncurrentDays": int(dataset_noncurrent_transition_days),
                                           "StorageClass": "STANDARD_IA"}],
         "NoncurrentVersionExpiration": {"NoncurrentDays": int(noncurrent_version_expiry_days)}},
    ]


def ecr_lifecycle_policy(*, keep_images: int, untagged_expiry_days: int) -> str:
    """terraform/modules/image_repository/main.tf's lifecycle policy."""
    return json.dumps({"rules": [
        {"rulePriority": 1, "description": f"Delete untagged images after {untagged_expiry_days} days",
         "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                       "countNumber": int(untagged_expiry_days)},
         "action": {"type": "expire"}},
        {"rulePriority": 2, "description": f"Keep the last {keep_images} images",
         "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": int(keep_images)},
         "action": {"type": "expire"}},
    ]})


def training_failed_pattern(statuses: list[str]) -> str:
    return json.dumps({"source": ["aws.sagemaker"], "detail-type": ["SageMaker Training Job State Change"],
                       "detail": {"TrainingJobStatus": list(statuses)}})


def dashboard_body(*, metric_widgets: dict[str, list[str]], namespace: str, region: str, period: int) -> str:
    """terraform/modules/monitoring/dashboard.tf: one widget per title (sorted), SEARCH per metric."""
    widgets = []
    for i, title in enumerate(sorted(metric_widgets)):
        metrics = [[{"id": f"m{i}_{j}", "label": name,
                     "expression": f"SEARCH('{{{namespace},Host}} MetricName=\"{name}\"', 'Average', {period})"}]
                   for j, name in enumerate(metric_widgets[title])]
        widgets.append({"type": "metric", "x": (i % 2) * 12, "y": (i // 2) * 6, "width": 12, "height": 6,
                        "properties": {"title": title, "region": region, "view": "timeSeries", "period": period,
                                       "stat": "Average", "metrics": metrics}})
    return json.dumps({"widgets": widgets})
