"""Upload against a real moto server on loopback (the same boto3 path as dev/prod)."""
import json
import shutil

import pytest

from thaiocr.aws.session import client
from thaiocr.data import layout
from thaiocr.data.upload import dataset_prefix, latest_key, upload_dataset
from thaiocr.errors import UserError

pytestmark = pytest.mark.slow


@pytest.fixture
def bucket(local_env):
    client("s3", "local").create_bucket(Bucket="thai-ocr-local-data")
    return "thai-ocr-local-data"


def test_upload_is_complete_idempotent_and_manifest_last(tiny_dataset, bucket, monkeypatch):
    s3 = client("s3", "local")
    order = []
    real_upload = type(s3).upload_file

    def spy(self, filename, bucket_name, key, *a, **kw):
        order.append(key)
        return real_upload(self, filename, bucket_name, key, *a, **kw)

    monkeypatch.setattr(type(s3), "upload_file", spy)
    result = upload_dataset(tiny_dataset, "local", bucket=bucket, progress=False)
    manifest = layout.read_manifest(tiny_dataset)
    prefix = dataset_prefix(manifest["name"], manifest["content_hash"])
    assert result.uri == f"s3://{bucket}/{prefix}"
    assert order[-1] == prefix + layout.MANIFEST  # the manifest goes last
    keys = {o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for o in page.get("Contents", [])}
    assert keys == {prefix + p.relative_to(tiny_dataset).as_posix() for p in layout.content_files(tiny_dataset)} | {
        prefix + layout.MANIFEST}
    pointer = json.loads(s3.get_object(Bucket=bucket, Key=latest_key(manifest["name"]))["Body"].read())
    assert pointer["prefix"] == prefix and pointer["hash"] == manifest["content_hash"]

    again = upload_dataset(tiny_dataset, "local", bucket=bucket, progress=False)
    assert (again.uploaded, again.skipped) == (0, result.uploaded)


def test_bucket_comes_from_infra_outputs(tiny_dataset, bucket, tmp_path):
    from thaiocr.infra.outputs import local_outputs_file

    with pytest.raises(UserError, match="make infra ENV=local"):
        upload_dataset(tiny_dataset, "local", progress=False)
    path = local_outputs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"bucket": bucket, "bucket_arn": f"arn:aws:s3:::{bucket}", "repository_url": "r",
                                "role_arn": "arn:aws:iam::123456789012:role/x", "log_group": "/aws/sagemaker/TrainingJobs",
                                "sns_topic_arn": "t", "kms_key_arn": None}))
    assert upload_dataset(tiny_dataset, "local", progress=False).uri.startswith(f"s3://{bucket}/datasets/")


def test_changed_or_incomplete_dataset_is_refused(tiny_dataset, bucket, tmp_path):
    copy = tmp_path / "ds"
    shutil.copytree(tiny_dataset, copy)
    with open(copy / layout.label_file("train"), "a", encoding="utf-8") as f:
        f.write("images/x.jpg\tแก้\n")
    with pytest.raises(UserError, match="changed after it was made"):
        upload_dataset(copy, "local", bucket=bucket, progress=False)
    (copy / layout.MANIFEST).unlink()
    with pytest.raises(UserError, match="not a complete dataset"):
        upload_dataset(copy, "local", bucket=bucket, progress=False)
