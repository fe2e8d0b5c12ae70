"""Which uploaded dataset a job trains on: `datasets/<name>/LATEST.json` (written by `make data` after the
manifest) names the content-hash prefix, so a job always points at a complete, immutable upload."""
from __future__ import annotations

import json
from dataclasses import dataclass

from thaiocr.errors import UserError


@dataclass(frozen=True)
class DatasetRef:
    bucket: str
    prefix: str  # key prefix ending in "/", e.g. datasets/th_lines/<hash>/
    hash: str

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    @property
    def manifest_key(self) -> str:
        return f"{self.prefix}manifest.json"


def split_s3(uri_or_key: str, bucket: str) -> tuple[str, str]:
    """(bucket, key) from `s3://b/k` or a bare key in `bucket`."""
    if uri_or_key.startswith("s3://"):
        b, _, key = uri_or_key[5:].partition("/")
        return b, key
    return bucket, uri_or_key.lstrip("/")


def _ref(bucket: str, prefix: str, hash_: str | None = None) -> DatasetRef:
    b, key = split_s3(prefix, bucket)
    key = key if key.endswith("/") else key + "/"
    return DatasetRef(bucket=b, prefix=key, hash=hash_ or key.rstrip("/").rsplit("/", 1)[-1])


def _is_missing(exc: Exception) -> bool:
    code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
    return code in {"NoSuchKey", "404", "NotFound", "NoSuchBucket"}


def resolve(s3, bucket: str, name: str, env: str, prefix: str | None = None) -> DatasetRef:
    """The dataset to train on: `prefix` when given, else the one LATEST.json of `name` points at."""
    if prefix:
        return _ref(bucket, prefix)
    key = f"datasets/{name}/LATEST.json"
    try:
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except Exception as exc:
        if _is_missing(exc):
            raise UserError(f"dataset '{name}' has not been uploaded to s3://{bucket}/ in env '{env}'",
                            hint=f"run 'make data ENV={env}'") from None
        raise
    try:
        latest = json.loads(body)
        return _ref(bucket, latest["prefix"], latest.get("hash"))
    except (ValueError, KeyError, TypeError):
        raise UserError(f"s3://{bucket}/{key} is not a valid pointer", hint=f"run 'make data ENV={env}' again") from None


def manifest(s3, ref: DatasetRef, env: str) -> dict | None:
    """The uploaded manifest, or None when the upload never finished (the manifest goes up last)."""
    try:
        body = s3.get_object(Bucket=ref.bucket, Key=ref.manifest_key)["Body"].read()
    except Exception as exc:
        if _is_missing(exc):
            return None
        raise
    try:
        data = json.loads(body)
    except ValueError:
        raise UserError(f"{ref.uri}manifest.json is not valid JSON", hint=f"run 'make data ENV={env}' again") from None
    from thaiocr.dataset.manifest import parse_manifest

    return parse_manifest(data, f"{ref.uri}manifest.json").to_dict()  # the same model the entrypoint reads
