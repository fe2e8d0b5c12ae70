"""Upload a finished dataset to `s3://<bucket>/datasets/<name>/<hash>/`.

Idempotent on real S3: "already there" is decided by the object's SHA-256, never by its ETag (under
SSE-KMS an ETag is not an MD5, so comparing it re-sent every file on each run). Every object is put with
S3's additional checksum (`ChecksumAlgorithm=SHA256`, which S3 keeps whatever the encryption) and our hex
digest in its metadata (`x-amz-meta-sha256`, which also survives multipart uploads, where S3's checksum is a
composite of the parts). A verified manifest at the prefix means the whole dataset is there (it goes last),
so a rerun of a complete upload lists and heads one object and sends nothing; an interrupted one re-sends
only what is missing or different. One shared transfer manager does all the sending.
The manifest goes last, then `datasets/<name>/LATEST.json`: a reader that finds a manifest finds a whole dataset.
"""
from __future__ import annotations

import base64
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from thaiocr.data import layout
from thaiocr.errors import UserError

HASH_CHARS = 16  # of the sha256 in the prefix: short enough to read, long enough never to collide
CHECKSUM = "SHA256"
META_KEY = "sha256"  # x-amz-meta-sha256: hex digest of the object's bytes
MULTIPART_THRESHOLD = 64 * 1024 * 1024  # dataset files are small; big ones still verify through the metadata


def dataset_prefix(name: str, content_hash: str) -> str:
    return f"datasets/{name}/{content_hash[:HASH_CHARS]}/"


def latest_key(name: str) -> str:
    return f"datasets/{name}/LATEST.json"


@dataclass
class UploadResult:
    uri: str
    uploaded: int
    skipped: int


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def is_same(head: dict, sha256_hex: str) -> bool:
    """Whether a head_object answer (asked with ChecksumMode=ENABLED) is these bytes: our metadata digest,
    else S3's full-object SHA-256 checksum (a composite multipart checksum, `...-N`, proves nothing)."""
    if (head.get("Metadata") or {}).get(META_KEY) == sha256_hex:
        return True
    checksum = head.get("ChecksumSHA256") or ""
    if not checksum or "-" in checksum or head.get("ChecksumType") == "COMPOSITE":
        return False
    return checksum == base64.b64encode(bytes.fromhex(sha256_hex)).decode()


def _head(s3, bucket: str, key: str) -> dict | None:
    from botocore.exceptions import ClientError

    try:
        return s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
            return None
        raise


def _digests(dataset: Path, files: list[Path]) -> tuple[dict[Path, str], str]:
    """Each file's sha256 and, from the same digests, the dataset's content hash (layout.content_hash's rule)."""
    total = hashlib.sha256()
    digests: dict[Path, str] = {}
    for path in files:
        digests[path] = sha256_file(path)
        total.update(path.relative_to(dataset).as_posix().encode() + b"\0")
        total.update(bytes.fromhex(digests[path]))
    return digests, total.hexdigest()


def transfer_manager(s3, workers: int):
    """The one transfer manager of an upload: its own pool of `workers` threads, multipart past 64 MiB."""
    from boto3.s3.transfer import TransferConfig, create_transfer_manager

    return create_transfer_manager(s3, TransferConfig(max_concurrency=workers, multipart_threshold=MULTIPART_THRESHOLD,
                                                      multipart_chunksize=MULTIPART_THRESHOLD))


def _extra_args(sha256_hex: str, content_type: str | None = None) -> dict:
    args = {"ChecksumAlgorithm": CHECKSUM, "Metadata": {META_KEY: sha256_hex}}
    if content_type:
        args["ContentType"] = content_type
    return args


def _missing(s3, bucket: str, prefix: str, dataset: Path, digests: dict[Path, str], workers: int) -> list[Path]:
    """Files not at the prefix with these bytes: absent or another size at once, else by a checksum HEAD."""
    listed: dict[str, int] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            listed[obj["Key"]] = obj["Size"]
    todo, check = [], []
    for path, digest in digests.items():
        key = prefix + path.relative_to(dataset).as_posix()
        (check if listed.get(key) == path.stat().st_size else todo).append((path, key, digest))
    with ThreadPoolExecutor(workers) as pool:
        heads = pool.map(lambda item: _head(s3, bucket, item[1]), check)
        todo += [item for item, head in zip(check, heads) if head is None or not is_same(head, item[2])]
    return sorted(path for path, _, _ in todo)


def upload_dataset(dataset: Path, env: str, *, bucket: str | None = None, workers: int = 16,
                   progress: bool = True, manifest_only: bool = False) -> UploadResult:
    """`manifest_only` (ENV=local): register a large dataset without copying its files into moto, which
    slows to a crawl past ~100k objects; the local runner links the files from .local/datasets by hash."""
    from thaiocr.aws.session import client

    if manifest_only and env != "local":
        raise UserError("--manifest-only is for ENV=local: a cloud training job needs the files in S3")
    dataset = Path(dataset)
    manifest = layout.read_manifest(dataset)
    files = layout.content_files(dataset)
    digests, actual = _digests(dataset, files)
    if actual != manifest.get("content_hash"):
        raise UserError(f"{dataset} changed after it was made (content hash differs from manifest.json)",
                        hint="re-run 'thaiocr data synth --force' or 'thaiocr data validate'")
    if bucket is None:
        from thaiocr.infra.outputs import load

        bucket = load(env).bucket
    s3 = client("s3", env)
    prefix = dataset_prefix(manifest["name"], actual)
    manifest_path = dataset / layout.MANIFEST
    manifest_sha = sha256_file(manifest_path)
    head = _head(s3, bucket, prefix + layout.MANIFEST)
    complete = head is not None and is_same(head, manifest_sha)
    if manifest_only or complete:
        todo: list[Path] = []
    else:
        todo = _missing(s3, bucket, prefix, dataset, digests, workers)

    from tqdm import tqdm

    with tqdm(total=len(files), initial=len(files) - len(todo), unit="file", desc=f"upload {manifest['name']}",
              disable=not progress) as bar:
        manager = transfer_manager(s3, workers)
        try:
            futures = [manager.upload(str(p), bucket, prefix + p.relative_to(dataset).as_posix(),
                                      extra_args=_extra_args(digests[p])) for p in todo]
            for fut in futures:  # the first failure stops the upload before the manifest is written
                fut.result()
                bar.update(1)
            if not complete:
                manager.upload(str(manifest_path), bucket, prefix + layout.MANIFEST,
                               extra_args=_extra_args(manifest_sha, "application/json")).result()
        except BaseException as exc:
            manager.shutdown(cancel=True, cancel_msg=f"upload stopped: {type(exc).__name__}")
            raise
        manager.shutdown()
    pointer = json.dumps({"hash": actual, "prefix": prefix, "uri": f"s3://{bucket}/{prefix}",
                          "counts": manifest.get("counts"), "files": "local" if manifest_only else "s3"}).encode()
    pointer_sha = hashlib.sha256(pointer).hexdigest()
    current = _head(s3, bucket, latest_key(manifest["name"]))
    if current is None or not is_same(current, pointer_sha):
        s3.put_object(Bucket=bucket, Key=latest_key(manifest["name"]), Body=pointer, ContentType="application/json",
                      ChecksumAlgorithm=CHECKSUM, Metadata={META_KEY: pointer_sha})
    return UploadResult(uri=f"s3://{bucket}/{prefix}", uploaded=len(todo), skipped=len(files) - len(todo))
