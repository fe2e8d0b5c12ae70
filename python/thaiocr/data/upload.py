"""Upload a finished dataset to `s3://<bucket>/datasets/<name>/<hash>/`.

The prefix is the content hash, so an upload is idempotent: objects already there with the same bytes
(size and MD5 ETag) are skipped, and a re-run after an interruption sends only what is missing. The
manifest goes last, then `datasets/<name>/LATEST.json`; a reader that finds a manifest finds a whole dataset.
"""
from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from thaiocr.data import layout
from thaiocr.errors import UserError

HASH_CHARS = 16  # of the sha256 in the prefix: short enough to read, long enough never to collide


def dataset_prefix(name: str, content_hash: str) -> str:
    return f"datasets/{name}/{content_hash[:HASH_CHARS]}/"


def latest_key(name: str) -> str:
    return f"datasets/{name}/LATEST.json"


@dataclass
class UploadResult:
    uri: str
    uploaded: int
    skipped: int


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def upload_dataset(dataset: Path, env: str, *, bucket: str | None = None, workers: int = 16,
                   progress: bool = True, manifest_only: bool = False) -> UploadResult:
    """`manifest_only` (ENV=local): register a large dataset without copying its files into moto, which
    slows to a crawl past ~100k objects; the local runner links the files from .local/datasets by hash."""
    from thaiocr.aws.session import client

    if manifest_only and env != "local":
        raise UserError("--manifest-only is for ENV=local: a cloud training job needs the files in S3")
    dataset = Path(dataset)
    manifest = layout.read_manifest(dataset)
    actual = layout.content_hash(dataset)
    if actual != manifest.get("content_hash"):
        raise UserError(f"{dataset} changed after it was made (content hash differs from manifest.json)",
                        hint="re-run 'thaiocr data synth --force' or 'thaiocr data validate'")
    if bucket is None:
        from thaiocr.infra.outputs import load

        bucket = load(env).bucket
    s3 = client("s3", env)
    prefix = dataset_prefix(manifest["name"], actual)
    existing: dict[str, tuple[int, str]] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            existing[obj["Key"]] = (obj["Size"], obj["ETag"].strip('"'))

    files = [] if manifest_only else layout.content_files(dataset)
    todo = []
    for path in files:
        key = prefix + path.relative_to(dataset).as_posix()
        have = existing.get(key)
        if have and have[0] == path.stat().st_size and have[1] == _md5(path):
            continue
        todo.append((path, key))

    from tqdm import tqdm

    with tqdm(total=len(files), initial=len(files) - len(todo), unit="file", desc=f"upload {manifest['name']}",
              disable=not progress) as bar, ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(s3.upload_file, str(p), bucket, k) for p, k in todo]
        for fut in as_completed(futures):
            fut.result()
            bar.update(1)
    s3.upload_file(str(dataset / layout.MANIFEST), bucket, prefix + layout.MANIFEST)
    pointer = {"hash": actual, "prefix": prefix, "uri": f"s3://{bucket}/{prefix}", "counts": manifest.get("counts"),
               "files": "local" if manifest_only else "s3"}
    s3.put_object(Bucket=bucket, Key=latest_key(manifest["name"]), Body=json.dumps(pointer).encode(),
                  ContentType="application/json")
    return UploadResult(uri=f"s3://{bucket}/{prefix}", uploaded=len(todo), skipped=len(files) - len(todo))
