"""The final step of a sharded synthesis run: check every shard, assemble labels, metadata, dictionary and
manifest from the records (generate.finalize, so the bytes are a local run's), compute the content hash
from the recorded image digests (no image is downloaded), then publish under the content-hash prefix:
images copied inside S3, labels and dictionary, the manifest, LATEST.json, and the run's done.json last."""
from __future__ import annotations

import hashlib
import json
import shutil
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


def finalize_synth(store: RunStore, spec, shards, split_fonts, rejected, work: Path, *, out=print) -> dict | None:
    """The published pointer, or None while a shard is missing (another host will finish the run)."""
    from thaiocr.synth.generate import finalize

    missing = missing_shards(store, shards)
    if missing:
        out(f"final step waits: {len(missing)} shard(s) not complete yet (e.g. {missing[0]})")
        return None
    work = Path(work)
    shutil.rmtree(work, ignore_errors=True)  # an earlier attempt's leftovers never reach the hash
    for sub in (layout.WORK_DIR, layout.REC_DIR):
        (work / sub).mkdir(parents=True, exist_ok=True)
    digests: dict[str, str] = {}
    with ThreadPoolExecutor(16) as pool:
        for found in pool.map(lambda s: _fetch_shard(store, work, s), shards):
            digests.update(found)
    manifest = finalize(spec, work, shards, split_fonts, rejected,
                        content_hash=lambda d: digest_hash(d, digests))
    return publish(store, work, manifest, digests, out=out)


def publish(store: RunStore, work: Path, manifest: dict, digests: dict[str, str], *, out=print) -> dict:
    from thaiocr.data.upload import dataset_prefix, latest_key

    s3, bucket = store.s3, store.bucket
    prefix = dataset_prefix(manifest["name"], manifest["content_hash"])
    existing = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        existing |= {o["Key"] for o in page.get("Contents", [])}
    rec = layout.REC_DIR + "/"
    copies = [(store.prefix + rec + rel, prefix + rec + rel) for rel in sorted(digests)
              if prefix + rec + rel not in existing]
    with ThreadPoolExecutor(store.threads(COPY_THREADS)) as pool:
        for fut in [pool.submit(s3.copy_object, Bucket=bucket, Key=dst, CopySource={"Bucket": bucket, "Key": src})
                    for src, dst in copies]:
            fut.result()
    for path in layout.content_files(work):  # labels, metadata, dictionary
        s3.upload_file(str(path), bucket, prefix + path.relative_to(work).as_posix())
    s3.upload_file(str(work / layout.MANIFEST), bucket, prefix + layout.MANIFEST)
    pointer = {"hash": manifest["content_hash"], "prefix": prefix, "uri": f"s3://{bucket}/{prefix}",
               "counts": manifest.get("counts"), "files": "s3"}
    s3.put_object(Bucket=bucket, Key=latest_key(manifest["name"]), Body=json.dumps(pointer).encode(),
                  ContentType="application/json")
    store.put_json(DONE, pointer)
    out(f"published {pointer['uri']} ({len(copies)} images copied, {len(digests) - len(copies)} already there)")
    return pointer
