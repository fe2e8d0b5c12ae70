"""The processing hooks of `thaiocr data`: `data make --instances N` (and specs over the env's
threshold) becomes a sharded Processing job; `data import-pdf-job` imports an S3 prefix of PDFs the same
way. Light at import: `thaiocr --help` must stay instant."""
from __future__ import annotations

import argparse


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {n}")
    return n


def add_make_args(p) -> None:
    p.add_argument("--instances", type=_positive,
                   help="render on N Processing instances (ENV=local: N subprocesses against the local stack); "
                        "specs over the env's processing.threshold_lines go there too")
    p.add_argument("--no-wait", action="store_true", help="with a Processing job: submit and return")
    p.add_argument("--dry-run", action="store_true", help="with a Processing job: preflight and print the request")


def routed(args) -> bool:
    """Whether `data make` goes to a Processing job: N > 1, or more lines than the env's threshold."""
    if (getattr(args, "instances", None) or 1) > 1:
        return True
    from thaiocr.processing.settings import load
    from thaiocr.synth.spec import load_spec

    return load_spec(args.spec, count=args.count, seed=args.seed).count > load(args.env).threshold_lines


def make(args) -> int:
    from thaiocr.processing.submit import make_synth

    return make_synth(args.env, args.spec, count=args.count, seed=args.seed, instances=args.instances,
                      wait=not args.no_wait, dry_run=args.dry_run)
