"""One instance of a sharded PDF import: SageMaker hands this host its share of the documents
(ShardedByS3Key); the colleague-owned importer (thaiocr.data.import_pdf.import_pdfs) turns them into a
part dataset, uploaded under the run prefix with its manifest last (a part is complete or absent). Parts
are keyed by the bytes of their PDFs, so a rerun that hands a host the same documents skips them. The host
that finds every host's part of this job merges them (data.merge) and publishes by content hash."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from thaiocr.data import layout
from thaiocr.errors import UserError
from thaiocr.processing import contract
from thaiocr.processing.store import DONE, RunStore

OPTIONS_ENV = "THAIOCR_PDF_OPTIONS"  # JSON: name, dpi, degrade, splits, split_by, seed, max_text_length, thai_only


def part_key(pdfs: list[Path], root: Path, options: dict) -> str:
    h = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for p in pdfs:
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def import_part(pdfs_dir: Path, out: Path, options: dict, name: str) -> dict:
    """The seam to the importer: one host's PDFs -> one dataset dir; returns its manifest."""
    from thaiocr.data.import_pdf import Options, import_pdfs
    from thaiocr.pdf.degrade import Degrade

    opts = Options(dpi=int(options.get("dpi", 200)), degrade=Degrade.parse(options.get("degrade")),
                   max_text_length=int(options.get("max_text_length", 120)),
                   thai_only=bool(options.get("thai_only", False)))
    result = import_pdfs([pdfs_dir], out, name=name, opts=opts, split=options.get("split"),
                         ratios=options.get("ratios"), split_by=options.get("split_by", "document"),
                         seed=int(options.get("seed", 0)), workers=int(os.environ.get("THAIOCR_PROCESSING_WORKERS")
                                                                     or os.cpu_count() or 1), progress=False)
    for err in result.errors:
        print(f"skipped: {err}", flush=True)
    return result.manifest


def upload_dataset_dir(store: RunStore, src: Path, rel_prefix: str) -> None:
    """Content files first, manifest last: whoever finds the manifest finds the whole part."""
    files = [(p, rel_prefix + p.relative_to(src).as_posix()) for p in layout.content_files(src)]
    store.upload_files(files)
    store.put(rel_prefix + layout.MANIFEST, (src / layout.MANIFEST).read_bytes())


def download_dir(store: RunStore, rel_prefix: str, dest: Path) -> Path:
    for rel in store.keys(rel_prefix):
        target = dest / rel[len(rel_prefix):]
        target.parent.mkdir(parents=True, exist_ok=True)
        store.s3.download_file(store.bucket, store.prefix + rel, str(target))
    return dest


def publish_dir(store: RunStore, dataset: Path, *, out=print) -> dict:
    """Upload a finished dataset dir under its content hash, manifest, LATEST.json and done.json last."""
    from thaiocr.data.upload import dataset_prefix, latest_key

    manifest = layout.read_manifest(dataset)
    digest = layout.content_hash(dataset)
    prefix = dataset_prefix(manifest["name"], digest)
    target = RunStore(store.s3, store.bucket, prefix)
    target.upload_files([(p, p.relative_to(dataset).as_posix()) for p in layout.content_files(dataset)])
    target.put(layout.MANIFEST, (dataset / layout.MANIFEST).read_bytes())
    pointer = {"hash": digest, "prefix": prefix, "uri": f"s3://{store.bucket}/{prefix}",
               "counts": manifest.get("counts"), "files": "s3"}
    store.s3.put_object(Bucket=store.bucket, Key=latest_key(manifest["name"]), Body=json.dumps(pointer).encode(),
                        ContentType="application/json")
    store.put_json(DONE, pointer)
    out(f"published {pointer['uri']}")
    return pointer


def run(p: contract.Paths, store: RunStore, *, out=print) -> int:
    from thaiocr.data.import_pdf import find_pdfs

    options = json.loads(os.environ.get(OPTIONS_ENV) or "{}")
    name = options.get("name") or "pdf_import"
    cluster = contract.read_cluster(p)
    job = contract.read_jobconfig(p).get("ProcessingJobName") or os.environ.get("PROCESSING_JOB_NAME", "job")
    root = p.input_dir(contract.PDF_INPUT)
    pdfs = find_pdfs([root]) if root.is_dir() else []
    key = part_key(pdfs, root, options) if pdfs else None
    if key and store.get(f"parts/{key}/{layout.MANIFEST}") is None:
        scratch = p.scratch_dir / "pdf" / key
        shutil.rmtree(scratch, ignore_errors=True)
        manifest = import_part(root, scratch, options, f"{name}-{key[:8]}")
        upload_dataset_dir(store, scratch, f"parts/{key}/")
        out(f"{cluster.current_host}: {len(pdfs)} PDF(s) -> part {key}: {manifest.get('counts')}")
    elif key:
        out(f"{cluster.current_host}: part {key} ({len(pdfs)} PDF(s)) already complete")
    else:
        out(f"{cluster.current_host}: no PDFs in this host's share")
    store.put_json(f"jobs/{job}/{cluster.current_host}.json", {"part": key, "pdfs": len(pdfs)})
    return finalize(p, store, job, cluster.count, name, out=out)


def finalize(p: contract.Paths, store: RunStore, job: str, hosts: int, name: str, *, out=print) -> int:
    entries = [store.get_json(k) for k in store.keys(f"jobs/{job}/") if k.endswith(".json")]
    if len(entries) < hosts:
        out(f"final step waits: {hosts - len(entries)} host(s) of {job} still importing")
        return 0
    parts = sorted({e["part"] for e in entries if e and e.get("part")})
    if not parts:
        raise UserError("no PDF produced a line: nothing to publish")
    work = p.scratch_dir / "pdf-final"
    shutil.rmtree(work, ignore_errors=True)
    dirs = [download_dir(store, f"parts/{k}/", work / "parts" / k) for k in parts]
    from thaiocr.data.merge import merge_datasets

    merge_datasets(dirs, work / "merged", name=name)
    publish_dir(store, work / "merged", out=out)
    return 0
