"""The CreateProcessingJob request as pure data: printed by --dry-run, tested, and sent unchanged to
SageMaker or to the local stack (whose runner plays the N instances)."""
from __future__ import annotations

from thaiocr.processing import contract

ENTRYPOINT = ["python", "-m", "thaiocr.processing"]  # in the training image (docker/train.Dockerfile)


def s3_input(name: str, uri: str, distribution: str = "FullyReplicated") -> dict:
    return {"InputName": name, "AppManaged": False, "S3Input": {
        "S3Uri": uri, "LocalPath": f"{contract.CONTAINER_BASE}/processing/input/{name}", "S3DataType": "S3Prefix",
        "S3InputMode": "File", "S3DataDistributionType": distribution}}


def build(*, job_name: str, command: str, settings, instances: int, outputs, image_uri: str, run_uri: str,
          region: str, inputs: list[dict], tags: dict[str, str]) -> dict:
    from thaiocr.jobs.request import _LOCAL_STORAGE, _tag

    cluster = {"InstanceCount": instances, "InstanceType": settings.instance_type,
               "VolumeSizeInGB": settings.volume_size_gb}
    output_config = {"Outputs": [{"OutputName": contract.REPORT_OUTPUT, "AppManaged": False, "S3Output": {
        "S3Uri": run_uri + contract.REPORT_OUTPUT + "/",
        "LocalPath": f"{contract.CONTAINER_BASE}/processing/output/{contract.REPORT_OUTPUT}",
        "S3UploadMode": "EndOfJob"}}]}
    if outputs.kms_key_arn:
        output_config["KmsKeyId"] = outputs.kms_key_arn
        if not _LOCAL_STORAGE.match(settings.instance_type):
            cluster["VolumeKmsKeyId"] = outputs.kms_key_arn
    return {
        "ProcessingJobName": job_name,
        "ProcessingResources": {"ClusterConfig": cluster},
        "StoppingCondition": {"MaxRuntimeInSeconds": settings.max_runtime_seconds},
        "AppSpecification": {"ImageUri": image_uri, "ContainerEntrypoint": list(ENTRYPOINT),
                             "ContainerArguments": [command]},
        "Environment": {"THAIOCR_ENV": settings.env, "THAIOCR_RUN_URI": run_uri, "AWS_DEFAULT_REGION": region},
        "ProcessingInputs": inputs,
        "ProcessingOutputConfig": output_config,
        "RoleArn": outputs.role_arn,
        "Tags": [_tag("Project", "thai-ocr"), _tag("Environment", settings.env)]
                + [_tag(k, v) for k, v in tags.items()],
    }
