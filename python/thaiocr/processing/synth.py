"""One instance of a sharded synthesis job: render this host's slice, shard by shard, each uploaded as
it finishes (images, digests, then the record), skipping shards whose record is already in S3. The host
that finds every shard complete when it is done runs the final step."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import time
from pathlib import Path

from thaiocr.data import layout
from thaiocr.processing import contract, plan
from thaiocr.processing.store import RunStore

WORKERS_ENV = "THAIOCR_PROCESSING_WORKERS"  # render processes per instance (default: all cores)
CRASH_ENV = "THAIOCR_PROCESSING_CRASH"      # tests: "algo-2:1" kills algo-2 mid-shard after 1 shard


def fonts_stamp(split_fonts: dict, rejected: list[str]) -> dict:
    """What decides the bytes besides the spec: the fonts this image resolves, per split."""
    return {"fonts": {s: [f"{f.name}|{Path(f.path).name}|{f.index}" for f in fl] for s, fl in split_fonts.items()},
            "rejected": list(rejected)}


def upload_shard(store: RunStore, out: Path, shard, crash: bool = False) -> None:
    rec = out / layout.REC_DIR
    folder = rec / "images" / shard.split / f"{shard.number:05d}"
    images = sorted(folder.iterdir())
    digests = {f"images/{shard.split}/{shard.number:05d}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
               for p in images}
    store.upload_files([(p, f"{layout.REC_DIR}/images/{shard.split}/{shard.number:05d}/{p.name}") for p in images])
    store.put_json(store.digests_key(shard.record), digests)
    if crash:  # a kill between the images and the record: the shard must count as absent
        os.kill(os.getpid(), signal.SIGKILL)
    record = out / layout.WORK_DIR / shard.record
    store.put(layout.WORK_DIR + "/" + shard.record, record.read_bytes())
    shutil.rmtree(folder)
    record.unlink()


def _crash_after(host: str) -> int | None:
    spec = os.environ.get(CRASH_ENV, "")
    name, _, n = spec.partition(":")
    return int(n or 0) if name == host else None


def run(p: contract.Paths, store: RunStore, spec, *, out=print) -> dict:
    from thaiocr.synth.generate import plan_shards, resolve_fonts, synthesize_shards

    cluster = contract.read_cluster(p)
    shards = plan_shards(spec)
    mine = plan.assign(shards, cluster.rank, cluster.count)
    store.stamp("spec.json", json.loads(json.dumps(spec.to_dict())), "spec")
    split_fonts, rejected = resolve_fonts(spec)
    store.stamp("fonts.json", fonts_stamp(split_fonts, rejected), "font set (another image?)")
    done = store.complete_records()
    todo = [s for s in mine if s.record not in done]
    out(f"{cluster.current_host}: shard {cluster.rank + 1} of {cluster.count}: {len(mine)} of {len(shards)} "
        f"shards, {len(mine) - len(todo)} already complete, {len(todo)} to render")
    scratch = p.scratch_dir / "synth"
    scratch.mkdir(parents=True, exist_ok=True)
    workers = int(os.environ.get(WORKERS_ENV) or os.cpu_count() or 1)
    crash_after, rendered, started = _crash_after(cluster.current_host), [], time.time()
    lines_done = [0]

    def on_shard(shard) -> None:
        upload_shard(store, scratch, shard, crash=crash_after is not None and len(rendered) >= crash_after)
        rendered.append(shard.record)
        lines_done[0] += shard.stop - shard.start
        out(f"{cluster.current_host}: shard {shard.record} done ({len(rendered)}/{len(todo)}, "
            f"{lines_done[0] / max(time.time() - started, 1e-6):.0f} lines/s)")

    synthesize_shards(spec, scratch, todo, split_fonts, workers=workers, on_shard=on_shard)
    seconds = time.time() - started
    lines = sum(s.stop - s.start for s in todo)
    report = {"host": cluster.current_host, "rank": cluster.rank, "hosts": cluster.count,
              "assigned": [s.record for s in mine], "skipped": [s.record for s in mine if s.record in done],
              "rendered": rendered, "lines": lines, "seconds": round(seconds, 3), "workers": workers,
              "lines_per_second": round(lines / seconds, 2) if seconds > 0 and lines else None}
    folder = p.output_dir(contract.REPORT_OUTPUT)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{cluster.current_host}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return {"report": report, "split_fonts": split_fonts, "rejected": rejected, "shards": shards}
