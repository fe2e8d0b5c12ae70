"""The final step of a sharded synthesis run: check every shard, assemble labels, metadata, dictionary and
manifest from the records (generate.finalize, so the bytes are a local run's), compute the content hash
from the recorded image digests (no image is downloaded), then publish under the content-hash prefix:
images copied inside S3 (each host its own slice, in parallel), labels and dictionary, the manifest,
LATEST.json, and the run's done.json last."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from thaiocr.data import layout
from thaiocr.errors import UserError
from thaiocr.processing.store import DONE, RECORDS, RunStore

COPY_THREADS = 128  # the final step is copy-bound at millions of images (docs/BENCHMARKS.md)


def digest_hash(out: Path, image_digests: dict[str, str]) -> str:
    """layout.content_hash of `out` as if the images named in `image_digests` (rec-relative path -> sha256
    hex) were in it: the same (path, digest) sequence, the same sha256."""
    entries = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).digest() for p in layout.content_files(out)}
    for rel, hexdigest in image_digests.items():
        entries[f"{layout.REC_DIR}/{rel}"] = bytes.fromhex(hexdigest)
    h = hashlib.sha256()
    for rel in sorted(entries):
        h.update(rel.encode() + b"\0")
        h.update(entries[rel])
    return h.hexdigest()


def missing_shards(store: RunStore, shards) -> list[str]:
    done = store.complete_records()
    return [s.record for s in shards if s.record not in done]


def _fetch_shard(store: RunStore, work: Path, shard) -> dict[str, str]:
    raw = store.get(RECORDS + shard.record)
    digests = store.get_json(store.digests_key(shard.record)) or {}
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    images = [r["image"] for r in rows]
    if len(rows) != shard.stop - shard.start or set(images) != set(digests):
        raise UserError(f"{store.uri}{RECORDS}{shard.record}: {len(rows)} records for {shard.stop - shard.start} "
                        f"lines, {len(digests)} image digests: the shard is damaged",
                        hint="delete its record file and rerun the job: that shard is rendered again")
    (work / layout.WORK_DIR / shard.record).write_bytes(raw)
    return digests


BARRIER_ENV = "THAIOCR_PROCESSING_BARRIER_SECONDS"  # how long a host waits for the others (0: not at all)
BARRIER_SECONDS = 1800  # hosts get equal slices and finish together; a dead host fails the job long before
POLL_SECONDS = 5.0


def _wait(done, seconds: float, sleep=time.sleep) -> bool:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() >= deadline:
            return False
        sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())) or 0.01)
    return True


def barrier_seconds() -> float:
    return float(os.environ.get(BARRIER_ENV, BARRIER_SECONDS))


def finalize_synth(store: RunStore, spec, shards, split_fonts, rejected, work: Path, *, host: str = "algo-1",
                   rank: int = 0, hosts: int = 1, out=print) -> dict | None:
    """Every host waits for all shard records, assembles the same labels and manifest (so knows the content
    hash), and copies the images of its own slice into the dataset prefix; the first host, once every
    host's copy is marked, uploads labels and manifest and writes LATEST.json. A host left waiting for
    copies (the others gone: a rerun, or no barrier) copies what is missing itself and publishes.
    Returns the published pointer, or None when this host leaves publishing to another."""
    from thaiocr.data.upload import dataset_prefix
    from thaiocr.processing.plan import assign

    wait = barrier_seconds()
    if not _wait(lambda: not missing_shards(store, shards), wait):
        missing = missing_shards(store, shards)
        out(f"final step waits: {len(missing)} shard(s) not complete yet (e.g. {missing[0]})")
        return None
    manifest, digests = assemble(store, spec, shards, split_fonts, rejected, Path(work))
    digest16 = manifest["content_hash"][:16]
    prefix = dataset_prefix(manifest["name"], manifest["content_hash"])
    mine = {r for s in assign(shards, rank, hosts) for r in _images_of(s, digests)}
    copied = copy_images(store, prefix, {k: v for k, v in digests.items() if k in mine})
    store.put_json(f"copied/{digest16}/{host}.json", {"images": len(mine), "copied": copied})
    out(f"{host}: copied {copied} of its {len(mine)} images into {prefix}")
    marks = lambda: len([k for k in store.keys(f"copied/{digest16}/") if k.endswith(".json")])  # noqa: E731
    if rank != 0 and _wait(lambda: marks() >= hosts, min(wait, 60)):
        return None  # everyone copied: the first host publishes
    if rank == 0 and _wait(lambda: marks() >= hosts, wait):
        return publish(store, Path(work), manifest, digests, out=out)
    extra = copy_images(store, prefix, digests)  # the others are gone: finish their copies here
    out(f"{host}: copied the {extra} images other hosts left")
    return publish(store, Path(work), manifest, digests, out=out)


def _images_of(shard, digests: dict[str, str]) -> list[str]:
    folder = f"images/{shard.split}/{shard.number:05d}/"
    return [k for k in digests if k.startswith(folder)]


def assemble(store: RunStore, spec, shards, split_fonts, rejected, work: Path) -> tuple[dict, dict[str, str]]:
    """Labels, metadata, dictionary and manifest in `work` from the shard records; (manifest, digests)."""
    from thaiocr.synth.generate import finalize

    shutil.rmtree(work, ignore_errors=True)  # an earlier attempt's leftovers never reach the hash
    for sub in (layout.WORK_DIR, layout.REC_DIR):
        (work / sub).mkdir(parents=True, exist_ok=True)
    digests: dict[str, str] = {}
    with ThreadPoolExecutor(16) as pool:
        for found in pool.map(lambda s: _fetch_shard(store, work, s), shards):
            digests.update(found)
    manifest = finalize(spec, work, shards, split_fonts, rejected, content_hash=lambda d: digest_hash(d, digests))
    return manifest, digests


def copy_images(store: RunStore, prefix: str, digests: dict[str, str]) -> int:
    """Server-side copies from the run prefix into the dataset prefix, skipping keys already there."""
    s3, bucket, rec = store.s3, store.bucket, layout.REC_DIR + "/"
    existing = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + rec):
        existing |= {o["Key"] for o in page.get("Contents", [])}
    copies = [(store.prefix + rec + rel, prefix + rec + rel) for rel in sorted(digests)
              if prefix + rec + rel not in existing]
    with ThreadPoolExecutor(store.threads(COPY_THREADS)) as pool:
        for fut in [pool.submit(s3.copy_object, Bucket=bucket, Key=dst, CopySource={"Bucket": bucket, "Key": src})
                    for src, dst in copies]:
            fut.result()
    return len(copies)


def publish(store: RunStore, work: Path, manifest: dict, digests: dict[str, str], *, out=print) -> dict:
    """Images already copied (copy_images); then labels, dictionary, manifest, LATEST.json, done.json."""
    from thaiocr.data.upload import dataset_prefix, latest_key

    s3, bucket = store.s3, store.bucket
    prefix = dataset_prefix(manifest["name"], manifest["content_hash"])
    left = copy_images(store, prefix, digests)  # normally none: a check that every image is there
    for path in layout.content_files(work):  # labels, metadata, dictionary
        s3.upload_file(str(path), bucket, prefix + path.relative_to(work).as_posix())
    s3.upload_file(str(work / layout.MANIFEST), bucket, prefix + layout.MANIFEST)
    pointer = {"hash": manifest["content_hash"], "prefix": prefix, "uri": f"s3://{bucket}/{prefix}",
               "counts": manifest.get("counts"), "files": "s3"}
    s3.put_object(Bucket=bucket, Key=latest_key(manifest["name"]), Body=json.dumps(pointer).encode(),
                  ContentType="application/json")
    store.put_json(DONE, pointer)
    out(f"published {pointer['uri']} ({len(digests)} images{f', {left} copied late' if left else ''})")
    return pointer
