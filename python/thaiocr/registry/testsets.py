"""The test sets a version is judged on, as local dataset dirs: its own dataset's test split, and the
env's real-document set when one is uploaded. Local copies are used when their content hash matches;
otherwise only the test split is downloaded (`evaluation.remote_data`)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TestSet:
    key: str  # short name used in metadata keys and tables, e.g. "th_lines_dev@1a2b3c4d" or "real"
    name: str
    content_hash: str

    def local(self, env: str) -> Path:
        from thaiocr.evaluation.remote_data import download_split
        from thaiocr.jobs.local_runner import find_local_dataset

        return find_local_dataset(self.content_hash) or download_split(env, self.name, self.content_hash, "test")


def of_version(version) -> TestSet | None:
    name, full = version.metadata.get("dataset_name"), version.metadata.get("dataset_hash")
    return TestSet(f"{name}@{full[:8]}", name, full) if name and full else None


def real_documents(env: str, name: str | None) -> TestSet | None:
    """The real-document set named in the env's registry block, if it has been uploaded (`make data`)."""
    if not name:
        return None
    from thaiocr.aws.session import client
    from thaiocr.infra.outputs import load

    s3 = client("s3", env)
    bucket = load(env).bucket
    try:
        latest = json.loads(s3.get_object(Bucket=bucket, Key=f"datasets/{name}/LATEST.json")["Body"].read())
        manifest = json.loads(s3.get_object(Bucket=bucket, Key=latest["prefix"].rstrip("/") + "/manifest.json")
                              ["Body"].read())
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
            return None
        raise
    if not (manifest.get("counts") or {}).get("test"):
        return None
    return TestSet("real", name, manifest["content_hash"])
