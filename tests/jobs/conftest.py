"""Fixtures for the job tests: the shared in-process moto server (tests/conftest.py's `moto_endpoint`),
reset before every test so a job test never sees another test's jobs, and the minimal infra + dataset a
submission needs."""
from __future__ import annotations

import json
import urllib.request

import pytest

ACCOUNT = "123456789012"
REGION = "us-east-1"


@pytest.fixture
def local_stack(moto_endpoint, tmp_path, monkeypatch):
    """A clean moto and a private .local/ for this test."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).read()
    monkeypatch.setenv("THAIOCR_LOCAL_ENDPOINT", moto_endpoint)
    monkeypatch.setenv("THAIOCR_LOCAL_DIR", str(tmp_path / "local"))
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(key, "testing")
    return moto_endpoint


@pytest.fixture
def sagemaker_backend(local_stack):
    """moto's in-process SageMaker state, to put jobs in states moto never reaches by itself."""
    from moto.backends import get_backend

    return get_backend("sagemaker")[ACCOUNT][REGION]


@pytest.fixture
def aws(local_stack):
    from thaiocr.aws.session import client

    return lambda service: client(service, "local")


@pytest.fixture
def local_infra(aws, tmp_path):
    """What `thaiocr infra apply --env local` leaves behind, made by hand so these tests stand alone."""
    from thaiocr.infra.outputs import InfraOutputs, local_outputs_file

    bucket, repo, role = "thai-ocr-local-data", "thai-ocr-local-train", "thai-ocr-local-sagemaker-role"
    aws("s3").create_bucket(Bucket=bucket)
    url = aws("ecr").create_repository(repositoryName=repo)["repository"]["repositoryUri"]
    role_arn = aws("iam").create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": "sagemaker.amazonaws.com"}}]}))["Role"]["Arn"]
    aws("logs").create_log_group(logGroupName="/aws/sagemaker/TrainingJobs")
    outputs = InfraOutputs(bucket=bucket, bucket_arn=f"arn:aws:s3:::{bucket}", repository_url=url, role_arn=role_arn,
                           log_group="/aws/sagemaker/TrainingJobs",
                           sns_topic_arn=f"arn:aws:sns:{REGION}:{ACCOUNT}:thai-ocr-local-alerts", kms_key_arn=None)
    path = local_outputs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(outputs.to_dict()))
    return outputs


DATASET_HASH = "0123456789abcdef"


@pytest.fixture
def uploaded_dataset(aws, local_infra):
    """A tiny dataset at the content-hash prefix, manifest last, then LATEST.json, as `make data` uploads."""
    s3, bucket = aws("s3"), local_infra.bucket
    prefix = f"datasets/th_lines_dev/{DATASET_HASH}/"
    s3.put_object(Bucket=bucket, Key=prefix + "rec/rec_gt_train.txt", Body="images/a.png\tสวัสดี\n".encode())
    s3.put_object(Bucket=bucket, Key=prefix + "rec/images/a.png", Body=b"\x89PNG")
    s3.put_object(Bucket=bucket, Key=prefix + "th_dict.txt", Body="ส\nว\n".encode())
    s3.put_object(Bucket=bucket, Key=prefix + "manifest.json",
                  Body=json.dumps({"name": "th_lines_dev", "counts": {"train": 1, "val": 0, "test": 0},
                                   "content_hash": DATASET_HASH}).encode())
    s3.put_object(Bucket=bucket, Key="datasets/th_lines_dev/LATEST.json",
                  Body=json.dumps({"hash": DATASET_HASH, "prefix": prefix}).encode())
    return prefix


@pytest.fixture
def known_configs(monkeypatch):
    """Training configs as if configs/rec/ held them (they belong to the entrypoint's issue)."""
    from thaiocr.jobs import preflight

    monkeypatch.setattr(preflight, "training_configs",
                        lambda: ["th_cpu_tiny", "th_ppocrv5_mobile", "th_svtr_lcnet"])
