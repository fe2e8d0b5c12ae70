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


def register_data(data) -> None:
    """`thaiocr data import-pdf-job`: the PDFs under an S3 prefix, imported by N Processing instances."""
    from thaiocr.envs import env_arg

    p = data.add_parser("import-pdf-job", help="import an S3 prefix of PDFs as a sharded Processing job",
                        description="Each instance imports its share of the PDFs (ShardedByS3Key) with "
                                    "'data import-pdf'; the last one merges the parts and publishes the dataset "
                                    "by content hash. A rerun skips parts already imported.")
    p.add_argument("src", help="s3://<env bucket>/raw/<folder>/ holding the PDFs")
    p.add_argument("--name", required=True, help="dataset name")
    env_arg(p)
    p.add_argument("--instances", type=_positive, help="default: the env's processing.instance_count")
    p.add_argument("--dpi", type=_positive, default=200)
    p.add_argument("--degrade", help="e.g. blur=0.8,noise=6,jpeg=50,scale=0.6 (default: clean crops)")
    p.add_argument("--split", choices=["train", "val", "test"], help="put everything in one split")
    p.add_argument("--splits", default="0.8,0.1,0.1", help="train,val,test shares (default 0.8,0.1,0.1)")
    p.add_argument("--split-by", choices=["document", "page"], default="document")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-text-length", type=_positive, default=120)
    p.add_argument("--thai-only", action="store_true")
    p.add_argument("--no-wait", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=_import_pdf_job)


def _import_pdf_job(args) -> int:
    from thaiocr.errors import UserError
    from thaiocr.processing.submit import make_pdf

    try:
        shares = [float(x) for x in args.splits.split(",")]
    except ValueError:
        shares = []
    if len(shares) != 3 or abs(sum(shares) - 1) > 1e-6 or min(shares) < 0:
        raise UserError(f"--splits: expected three shares summing to 1, got {args.splits!r}")
    options = {"dpi": args.dpi, "degrade": args.degrade, "split": args.split, "split_by": args.split_by,
               "ratios": dict(zip(("train", "val", "test"), shares)), "seed": args.seed,
               "max_text_length": args.max_text_length, "thai_only": args.thai_only}
    return make_pdf(args.env, args.src, name=args.name, options=options, instances=args.instances,
                    wait=not args.no_wait, dry_run=args.dry_run)


def register(sub) -> None:
    """`data make` (here or, with --instances, as a sharded Processing job) and `data import-pdf-job`, added
    to the data group from this layer, so thaiocr.data never imports thaiocr.processing."""
    from thaiocr.cliutil import subgroup
    from thaiocr.data.cli import add_make_parser

    data = subgroup(sub, "data")
    p = add_make_parser(data)
    add_make_args(p)  # --instances N: a sharded Processing job instead of this machine
    p.set_defaults(func=_make)
    register_data(data)  # data import-pdf-job: an S3 prefix of PDFs as a sharded Processing job


def _make(args) -> int:
    if routed(args):
        return make(args)
    from thaiocr.data.cli import make_here

    return make_here(args)
