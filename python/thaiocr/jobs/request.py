"""The CreateTrainingJob request, built as pure data so it can be printed (--dry-run), tested and sent
unchanged to SageMaker or to the local stack."""
from __future__ import annotations

import json
import re
from typing import Any

from thaiocr.train import contract
from thaiocr.train.metrics import METRIC_DEFINITIONS

# Instance families with local NVMe storage: SageMaker refuses a VolumeKmsKeyId for them (the instance
# store is encrypted by hardware), so the key only goes on types that get an EBS training volume.
_LOCAL_STORAGE = re.compile(r"^ml\.(g4dn|g5|g6|g6e|p3dn|p4d|p4de|p5|p5e|trn1|[a-z]\d+d)\.")
_TAG_VALUE = re.compile(r"[^\w\s.:/=+\-@]")


def hyperparameter_strings(values: dict[str, Any]) -> dict[str, str]:
    """SageMaker passes every hyperparameter as a string; booleans as true/false, the rest as JSON."""
    out = {}
    for key, value in values.items():
        if isinstance(value, str):
            out[str(key)] = value
        elif isinstance(value, bool):
            out[str(key)] = "true" if value else "false"
        elif isinstance(value, (int, float)):
            out[str(key)] = repr(value) if isinstance(value, float) else str(value)
        else:
            out[str(key)] = json.dumps(value, separators=(",", ":"))
    return out


def _tag(key: str, value: str) -> dict[str, str]:
    return {"Key": key, "Value": _TAG_VALUE.sub("_", str(value))[:256]}


def s3_channel(name: str, uri: str) -> dict:
    return {
        "ChannelName": name,
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri,
                                        "S3DataDistributionType": "FullyReplicated"}},
        "InputMode": "File",
    }


def build(*, job_name: str, settings, outputs, checked, config: str, sha: str | None) -> dict:
    """The request for `job_name` from the env settings, infra outputs and what preflight found."""
    values = {**settings.hyperparameters, "config": config}
    channels = [s3_channel(contract.TRAINING_CHANNEL, checked.dataset.uri)]
    if checked.pretrained_uri:
        channels.append(s3_channel(contract.PRETRAINED_CHANNEL, checked.pretrained_uri))
        values["pretrained"] = checked.pretrained_uri.rsplit("/", 1)[-1]  # a file name inside that channel
    hyper = hyperparameter_strings(values)
    resource = {"InstanceType": settings.instance_type, "InstanceCount": settings.instance_count,
                "VolumeSizeInGB": settings.volume_size_gb}
    output = {"S3OutputPath": f"s3://{outputs.bucket}/models/"}
    if outputs.kms_key_arn:
        output["KmsKeyId"] = outputs.kms_key_arn
        if not _LOCAL_STORAGE.match(settings.instance_type):
            resource["VolumeKmsKeyId"] = outputs.kms_key_arn
    stopping = {"MaxRuntimeInSeconds": settings.max_runtime_seconds}
    if settings.spot:
        stopping["MaxWaitTimeInSeconds"] = settings.max_wait_seconds
    request = {
        "TrainingJobName": job_name,
        "AlgorithmSpecification": {
            "TrainingImage": checked.image_uri,
            "TrainingInputMode": "File",
            "MetricDefinitions": [dict(d) for d in METRIC_DEFINITIONS],
            "EnableSageMakerMetricsTimeSeries": True,
        },
        "RoleArn": outputs.role_arn,
        "HyperParameters": hyper,
        "InputDataConfig": channels,
        "OutputDataConfig": output,
        "ResourceConfig": resource,
        "StoppingCondition": stopping,
        "EnableManagedSpotTraining": settings.spot,
        # Always on: spot interruptions resume from here, and a stopped on-demand job can be resumed too.
        "CheckpointConfig": {"S3Uri": f"s3://{outputs.bucket}/checkpoints/{job_name}/",
                             "LocalPath": "/opt/ml/checkpoints"},
        "Environment": {"THAIOCR_ENV": settings.env},
        "Tags": [
            _tag("Project", "thai-ocr"),
            _tag("Environment", settings.env),
            _tag("GitSha", sha or "unknown"),
            _tag("DatasetName", settings.dataset),
            _tag("DatasetHash", checked.dataset.hash),
            _tag("TrainingConfig", config),
        ],
    }
    return request
