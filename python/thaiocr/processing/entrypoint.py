"""`python -m thaiocr.processing synth|import-pdf|finalize` inside the Processing container (or a local
runner's subprocess). It reads the job from the container contract and the environment the request sets:
THAIOCR_ENV, THAIOCR_RUN_URI (the run prefix). A user-fixable problem is one line in /opt/ml/output/message
and exit 2; a bug keeps its traceback."""
from __future__ import annotations

import argparse
import os
import sys

from thaiocr.errors import UserError
from thaiocr.processing import contract

RUN_URI_ENV = "THAIOCR_RUN_URI"


def s3_client(env: str):
    """moto for ENV=local; otherwise the instance's role in the job's region (the image holds no env configs)."""
    if env == "local":
        from thaiocr.aws.session import client

        return client("s3", "local")
    import boto3
    from botocore.config import Config

    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    return boto3.client("s3", region_name=region, config=Config(retries={"max_attempts": 8, "mode": "adaptive"},
                                                                max_pool_connections=128))


def store_from_env():
    from thaiocr.jobs.dataset import split_s3
    from thaiocr.processing.store import RunStore

    uri = os.environ.get(RUN_URI_ENV)
    if not uri:
        raise UserError(f"{RUN_URI_ENV} is not set: the job request names the run prefix")
    bucket, prefix = split_s3(uri, "")
    return RunStore(s3_client(os.environ.get("THAIOCR_ENV", "dev")), bucket, prefix.rstrip("/") + "/")


def _synth(p: contract.Paths, finalize_only: bool = False) -> int:
    from thaiocr.processing import finalize, synth
    from thaiocr.processing.store import DONE
    from thaiocr.synth.spec import load_spec

    store = store_from_env()
    done = store.get_json(DONE)
    if done:
        print(f"already complete: {done['uri']}", flush=True)
        return 0
    spec = load_spec(p.input_dir(contract.SPEC_INPUT) / "spec.yaml")
    if finalize_only:
        from thaiocr.synth.generate import plan_shards, resolve_fonts

        split_fonts, rejected = resolve_fonts(spec)
        shards = plan_shards(spec)
    else:
        result = synth.run(p, store, spec, out=lambda line: print(line, flush=True))
        split_fonts, rejected, shards = result["split_fonts"], result["rejected"], result["shards"]
    cluster = contract.read_cluster(p)
    pointer = finalize.finalize_synth(store, spec, shards, split_fonts, rejected, p.scratch_dir / "final",
                                      host=cluster.current_host, rank=cluster.rank, hosts=cluster.count,
                                      out=lambda line: print(line, flush=True))
    if pointer is None and finalize_only:
        raise UserError("the run is not complete: rerun the job to render the missing shards")
    return 0


def _import_pdf(p: contract.Paths) -> int:
    from thaiocr.processing import pdf

    return pdf.run(p, store_from_env(), out=lambda line: print(line, flush=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m thaiocr.processing")
    parser.add_argument("command", choices=["synth", "import-pdf", "finalize"])
    args = parser.parse_args(argv)
    p = contract.paths()
    try:
        if args.command == "import-pdf":
            return _import_pdf(p)
        return _synth(p, finalize_only=args.command == "finalize")
    except UserError as exc:
        contract.write_message(p, f"UserError: {exc}")
        print(f"thaiocr-process: error: {exc}", file=sys.stderr, flush=True)
        return exc.exit_code
    except Exception as exc:
        contract.write_message(p, f"{type(exc).__name__}: {exc}")
        raise
