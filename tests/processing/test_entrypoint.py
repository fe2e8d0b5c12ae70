"""The container side in-process: N hosts each render their slice into S3, the last one publishes a
dataset byte-identical to a local `data synth` of the same spec and seed, whatever N is."""
from __future__ import annotations

import json

import pytest

from tests.conftest import needs_fonts
from tests.processing.conftest import download, host_dir, tree

pytestmark = needs_fonts


def run_hosts(tmp_path, spec_path, bucket, monkeypatch, n, run_uri):
    from thaiocr.processing.entrypoint import main

    hosts = [f"algo-{i + 1}" for i in range(n)]
    monkeypatch.setenv("THAIOCR_ENV", "local")
    monkeypatch.setenv("THAIOCR_RUN_URI", run_uri)
    monkeypatch.setenv("THAIOCR_PROCESSING_WORKERS", "1")
    monkeypatch.setenv("THAIOCR_PROCESSING_BARRIER_SECONDS", "0")  # hosts run one after another here
    for host in hosts:
        monkeypatch.setenv("SAGEMAKER_BASE_DIR", str(host_dir(tmp_path / "hosts", spec_path, host, hosts)))
        assert main(["synth"]) == 0
    return hosts


@pytest.mark.parametrize("n", [1, 3])
def test_sharded_run_matches_local_synth(tiny_spec_path, tiny_dataset, bucket, tmp_path, monkeypatch, n):
    from thaiocr.aws.session import client

    run_uri = f"s3://{bucket}/tmp/processing/synth/t/{n}/"
    run_hosts(tmp_path, tiny_spec_path, bucket, monkeypatch, n, run_uri)
    s3 = client("s3", "local")
    latest = json.loads(s3.get_object(Bucket=bucket, Key="datasets/th_lines_dev/LATEST.json")["Body"].read())
    got = download(latest["uri"], tmp_path / "got")
    assert tree(got) == tree(tiny_dataset)  # images, labels, metadata, dictionary and manifest
    done = json.loads(s3.get_object(Bucket=bucket, Key=f"tmp/processing/synth/t/{n}/done.json")["Body"].read())
    assert done == latest
    reports = [json.loads(p.read_text()) for p in sorted((tmp_path / "hosts").glob("*/processing/output/reports/*"))]
    from thaiocr.synth.generate import plan_shards
    from thaiocr.synth.spec import load_spec

    rendered = [r for rep in reports for r in rep["rendered"]]
    assert sorted(rendered) == sorted(s.record for s in plan_shards(load_spec(tiny_spec_path)))  # each once


def test_digest_hash_equals_layout_hash(tiny_dataset, tmp_path):
    import hashlib
    import shutil

    from thaiocr.data import layout
    from thaiocr.processing.finalize import digest_hash

    work = tmp_path / "w"
    shutil.copytree(tiny_dataset, work)
    images = {p.relative_to(work / "rec").as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in (work / "rec/images").rglob("*.jpg")}
    shutil.rmtree(work / "rec/images")
    assert digest_hash(work, images) == layout.content_hash(tiny_dataset)
