"""A run's pieces in S3. A shard is complete exactly when its record file exists: its images and digests
are uploaded first, the record last, so a killed instance leaves a shard absent, never half there."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from thaiocr.data import layout

UPLOAD_THREADS = 64  # small objects: S3 throughput is in requests, one ~20 ms round trip each
RECORDS = layout.WORK_DIR + "/"
DONE = "done.json"  # the published dataset's pointer, written after LATEST.json


def _missing(exc: Exception) -> bool:
    return getattr(exc, "response", {}).get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}


class RunStore:
    def __init__(self, s3, bucket: str, prefix: str):
        self.s3, self.bucket, self.prefix = s3, bucket, prefix

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def keys(self, sub: str = "") -> list[str]:
        found = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix + sub):
            found += [o["Key"][len(self.prefix):] for o in page.get("Contents", [])]
        return found

    def get(self, rel: str) -> bytes | None:
        try:
            return self.s3.get_object(Bucket=self.bucket, Key=self.prefix + rel)["Body"].read()
        except Exception as exc:
            if _missing(exc):
                return None
            raise

    def get_json(self, rel: str):
        raw = self.get(rel)
        return None if raw is None else json.loads(raw)

    def put(self, rel: str, body: bytes | str) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=self.prefix + rel,
                           Body=body.encode() if isinstance(body, str) else body)

    def put_json(self, rel: str, data) -> None:
        self.put(rel, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1))

    def stamp(self, rel: str, data, what: str) -> None:
        """Write `data` once; a later instance or rerun must find the same (same spec, same fonts)."""
        from thaiocr.errors import UserError

        have = self.get_json(rel)
        if have is None:
            self.put_json(rel, data)
        elif have != data:
            raise UserError(f"{self.uri}{rel}: this run was started with a different {what}",
                            hint="every instance must run the same image and spec; rerun with a new seed or "
                                 "delete the run prefix")

    def threads(self, wanted: int) -> int:
        """No more threads than the client has connections (more only queue, with pool-full warnings)."""
        return max(1, min(wanted, getattr(self.s3.meta.config, "max_pool_connections", None) or wanted))

    def upload_files(self, files: list[tuple[Path, str]]) -> None:
        with ThreadPoolExecutor(self.threads(UPLOAD_THREADS)) as pool:
            for fut in [pool.submit(self.s3.upload_file, str(p), self.bucket, self.prefix + rel) for p, rel in files]:
                fut.result()

    # -- shards -------------------------------------------------------------------------------------
    def complete_records(self) -> set[str]:
        return {k[len(RECORDS):] for k in self.keys(RECORDS) if k.endswith(".jsonl")}

    def digests_key(self, record: str) -> str:
        return f"{RECORDS}{record}.sha256.json"
