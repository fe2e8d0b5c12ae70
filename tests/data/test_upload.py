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


@pytest.fixture
def puts():
    """Every request that sends object bytes to S3, in order (key per request)."""
    s3 = client("s3", "local")
    sent: list[str] = []

    def count(params, **_):
        sent.append(params.get("Key"))

    events = [f"before-parameter-build.s3.{op}" for op in
              ("PutObject", "CreateMultipartUpload", "UploadPart", "CopyObject", "UploadPartCopy")]
    for event in events:
        s3.meta.events.register(event, count)
    yield sent
    for event in events:
        s3.meta.events.unregister(event, count)


def test_upload_is_complete_idempotent_and_manifest_last(tiny_dataset, bucket, puts):
    s3 = client("s3", "local")
    order = puts
    result = upload_dataset(tiny_dataset, "local", bucket=bucket, progress=False)
    manifest = layout.read_manifest(tiny_dataset)
    prefix = dataset_prefix(manifest["name"], manifest["content_hash"])
    assert result.uri == f"s3://{bucket}/{prefix}"
    assert order[-2:] == [prefix + layout.MANIFEST, latest_key(manifest["name"])]  # the manifest goes last
    keys = {o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for o in page.get("Contents", [])}
    assert keys == {prefix + p.relative_to(tiny_dataset).as_posix() for p in layout.content_files(tiny_dataset)} | {
        prefix + layout.MANIFEST}
    pointer = json.loads(s3.get_object(Bucket=bucket, Key=latest_key(manifest["name"]))["Body"].read())
    assert pointer["prefix"] == prefix and pointer["hash"] == manifest["content_hash"]

    order.clear()
    again = upload_dataset(tiny_dataset, "local", bucket=bucket, progress=False)
    assert (again.uploaded, again.skipped) == (0, result.uploaded)
    assert order == [], "a rerun sends nothing, not even the manifest or LATEST.json"


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


@pytest.fixture
def kms_bucket(local_env):
    """A bucket whose objects are SSE-KMS encrypted, as in dev/prod (where an ETag is no MD5)."""
    key = client("kms", "local").create_key(Description="upload test")["KeyMetadata"]["Arn"]
    s3 = client("s3", "local")
    s3.create_bucket(Bucket="thai-ocr-local-kms")
    s3.put_bucket_encryption(Bucket="thai-ocr-local-kms", ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]})
    return "thai-ocr-local-kms"


@pytest.fixture(scope="module")
def thousand_files(tiny_dataset, tmp_path_factory):
    """tiny_dataset padded with small extra images to exactly 1,000 content files, manifest rehashed."""
    import os

    out = tmp_path_factory.mktemp("thousand") / "ds"
    shutil.copytree(tiny_dataset, out)
    extra = out / "rec" / "images" / "extra"
    extra.mkdir()
    for i in range(1000 - len(layout.content_files(out))):
        (extra / f"{i:04d}.bin").write_bytes(os.urandom(64 + i % 7))
    manifest = json.loads((out / layout.MANIFEST).read_text(encoding="utf-8"))
    manifest["content_hash"] = layout.content_hash(out)
    (out / layout.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert len(layout.content_files(out)) == 1000
    return out


def test_kms_rerun_of_a_thousand_files_sends_nothing(thousand_files, kms_bucket, puts):
    first = upload_dataset(thousand_files, "local", bucket=kms_bucket, progress=False, workers=8)
    assert (first.uploaded, first.skipped) == (1000, 0) and len(puts) == 1002  # + manifest + LATEST.json
    head = client("s3", "local").head_object(Bucket=kms_bucket, Key=puts[0], ChecksumMode="ENABLED")
    assert head["ServerSideEncryption"] == "aws:kms" and head["ChecksumSHA256"] and head["Metadata"]["sha256"]
    puts.clear()
    again = upload_dataset(thousand_files, "local", bucket=kms_bucket, progress=False, workers=8)
    assert (again.uploaded, again.skipped, len(puts)) == (0, 1000, 0)


def test_interrupted_upload_resends_only_what_is_missing_or_different(thousand_files, kms_bucket, puts):
    s3 = client("s3", "local")
    upload_dataset(thousand_files, "local", bucket=kms_bucket, progress=False, workers=8)
    manifest = layout.read_manifest(thousand_files)
    prefix = dataset_prefix(manifest["name"], manifest["content_hash"])
    files = layout.content_files(thousand_files)
    key = lambda p: prefix + p.relative_to(thousand_files).as_posix()  # noqa: E731
    s3.delete_object(Bucket=kms_bucket, Key=prefix + layout.MANIFEST)  # as if the run died before the end
    for p in files[:3]:
        s3.delete_object(Bucket=kms_bucket, Key=key(p))
    for p in files[3:5]:  # same size, other bytes: an ETag/size check would keep them
        s3.put_object(Bucket=kms_bucket, Key=key(p), Body=bytes(len(p.read_bytes())))
    # right bytes, put by someone else without our metadata: S3's own SHA-256 recognises them
    s3.put_object(Bucket=kms_bucket, Key=key(files[5]), Body=files[5].read_bytes(), ChecksumAlgorithm="SHA256")
    puts.clear()
    again = upload_dataset(thousand_files, "local", bucket=kms_bucket, progress=False, workers=8)
    assert sorted(puts[:-1]) == sorted(key(p) for p in files[:5]) and puts[-1] == prefix + layout.MANIFEST
    assert (again.uploaded, again.skipped) == (5, 995)


def test_same_bytes_are_judged_by_sha256_never_the_etag():
    import base64
    import hashlib

    from thaiocr.data.upload import is_same

    digest = hashlib.sha256(b"x").hexdigest()
    b64 = base64.b64encode(hashlib.sha256(b"x").digest()).decode()
    assert is_same({"Metadata": {"sha256": digest}}, digest)
    assert is_same({"ChecksumSHA256": b64, "ChecksumType": "FULL_OBJECT"}, digest)
    assert not is_same({"ChecksumSHA256": f"{b64}-3", "ChecksumType": "COMPOSITE"}, digest), "a multipart checksum"
    assert not is_same({"ETag": f'"{hashlib.md5(b"x").hexdigest()}"'}, digest), "the ETag proves nothing"
