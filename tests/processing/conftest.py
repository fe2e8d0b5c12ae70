"""Fixtures for the processing tests: a bucket in the shared moto server, and helpers that play the
SageMaker side of one host (config files, the spec input) and read a published dataset back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

BUCKET = "thai-ocr-local-data"


@pytest.fixture
def bucket(local_env):
    from thaiocr.aws.session import client

    client("s3", "local").create_bucket(Bucket=BUCKET)
    return BUCKET


def host_dir(root: Path, spec_path: Path, host: str, hosts: list[str]) -> Path:
    """What SageMaker lays out for one instance before the container starts."""
    base = root / host
    (base / "config").mkdir(parents=True, exist_ok=True)
    (base / "config/resourceconfig.json").write_text(json.dumps({"current_host": host, "hosts": hosts}))
    spec_dir = base / "processing/input/spec"
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "spec.yaml").write_bytes(Path(spec_path).read_bytes())
    return base


def download(prefix_uri: str, dest: Path) -> Path:
    from thaiocr.aws.session import client

    s3 = client("s3", "local")
    bucket, _, prefix = prefix_uri[5:].partition("/")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            target = dest / obj["Key"][len(prefix):]
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(bucket, obj["Key"], str(target))
    return dest


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def local_infra(local_env, tmp_path):
    """What `make infra ENV=local` leaves behind, by hand: bucket, repository, role, outputs file."""
    from thaiocr.aws.session import client
    from thaiocr.infra.outputs import InfraOutputs, local_outputs_file

    repo, role = "thai-ocr-local-train", "thai-ocr-local-sagemaker-role"
    # a previous test's host processes may still be winding down against the shared server: reuse what exists
    client("s3", "local").create_bucket(Bucket=BUCKET)
    ecr, iam = client("ecr", "local"), client("iam", "local")
    try:
        url = ecr.create_repository(repositoryName=repo)["repository"]["repositoryUri"]
    except ecr.exceptions.RepositoryAlreadyExistsException:
        url = ecr.describe_repositories(repositoryNames=[repo])["repositories"][0]["repositoryUri"]
    try:
        role_arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"Service": "sagemaker.amazonaws.com"}}]}))["Role"]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        role_arn = iam.get_role(RoleName=role)["Role"]["Arn"]
    outputs = InfraOutputs(bucket=BUCKET, bucket_arn=f"arn:aws:s3:::{BUCKET}", repository_url=url, role_arn=role_arn,
                           log_group="/aws/sagemaker/TrainingJobs", sns_topic_arn="arn:aws:sns:us-east-1:1:t",
                           kms_key_arn=None)
    path = local_outputs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(outputs.to_dict()))
    return outputs


def latest(name: str = "th_lines_dev") -> dict:
    from thaiocr.aws.session import client

    return json.loads(client("s3", "local").get_object(Bucket=BUCKET, Key=f"datasets/{name}/LATEST.json")["Body"].read())


def reports(run_uri: str) -> dict[str, dict]:
    """The hosts' EndOfJob reports of the latest run, by host."""
    from thaiocr.aws.session import client

    s3 = client("s3", "local")
    _, _, prefix = run_uri[5:].partition("/")
    found = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "reports/").get("Contents", [])
    return {o["Key"].rsplit("/", 1)[-1][:-5]: json.loads(s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read())
            for o in found}
