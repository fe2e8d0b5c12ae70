"""`python -m thaiocr.processing.bench`: the issue's local target, measured. A private moto server and
.local dir; a local `data synth` of SPEC (--count lines, all cores) and `data make --instances N` of the
same spec and seed; the published dataset must be byte-identical to the local one. Prints lines/s of
both and the hosts' own rates as JSON (the figures in docs/BENCHMARKS.md)."""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m thaiocr.processing.bench")
    ap.add_argument("--spec", default="datasets/specs/th_lines_dev.yaml")
    ap.add_argument("--count", type=int, default=4000)
    ap.add_argument("--instances", type=int, default=4)
    ap.add_argument("--out", type=Path, help="write the figures here as JSON")
    args = ap.parse_args(argv)

    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    work = Path(tempfile.mkdtemp(prefix="thaiocr-bench-processing-"))
    os.environ.update(THAIOCR_LOCAL_ENDPOINT=f"http://127.0.0.1:{port}", THAIOCR_LOCAL_DIR=str(work / "local"),
                      AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    try:
        from thaiocr.infra.local import apply_local

        apply_local()
        from thaiocr.synth.generate import synthesize
        from thaiocr.synth.spec import load_spec

        spec = load_spec(args.spec, count=args.count)
        t0 = time.time()
        synthesize(spec, work / "local-synth", progress=False)
        local_s = time.time() - t0

        from thaiocr.cli import main as cli

        t0 = time.time()
        code = cli(["data", "make", "--spec", args.spec, "--count", str(args.count), "--out", str(work / "unused"),
                    "--env", "local", "--instances", str(args.instances)])
        job_s = time.time() - t0
        if code != 0:
            print(f"processing job failed ({code})", file=sys.stderr)
            return 1
        from thaiocr.aws.session import client
        from thaiocr.infra.outputs import load

        s3, bucket = client("s3", "local"), load("local").bucket
        pointer = json.loads(s3.get_object(Bucket=bucket, Key=f"datasets/{spec.name}/LATEST.json")["Body"].read())
        got = work / "published"
        reports = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=pointer["prefix"]):
            for obj in page.get("Contents", []):
                target = got / obj["Key"][len(pointer["prefix"]):]
                target.parent.mkdir(parents=True, exist_ok=True)
                s3.download_file(bucket, obj["Key"], str(target))
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="tmp/processing/"):
            for obj in page.get("Contents", []):
                if "/reports/" in obj["Key"]:
                    reports[obj["Key"].rsplit("/", 1)[-1][:-5]] = json.loads(
                        s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read())
        local_tree, got_tree = _tree(work / "local-synth"), _tree(got)
        identical = local_tree == got_tree
        figures = {
            "lines": args.count, "instances": args.instances, "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "local_synth_seconds": round(local_s, 1), "local_synth_lines_per_s": round(args.count / local_s, 1),
            "job_seconds": round(job_s, 1), "job_lines_per_s": round(args.count / job_s, 1),
            "hosts": {h: {k: r[k] for k in ("lines", "seconds", "lines_per_second", "workers")}
                      for h, r in sorted(reports.items())},
            "files_compared": len(local_tree), "byte_identical": identical, "uri": pointer["uri"],
        }
        print(json.dumps(figures, indent=1))
        if args.out:
            args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        return 0 if identical else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
