"""`thaiocr model register|list|compare|approve|reject|train`: the registry commands, added to the
`model` group that `thaiocr.models.cli` creates. Handlers import lazily, so --help stays instant."""
from __future__ import annotations

from thaiocr.envs import env_arg


def register_model_commands(model) -> None:
    p = model.add_parser("register", help="register a finished job's model as a new version (PendingManualApproval)",
                         description="Create a model package in the env's group from JOB's model.tar.gz, with its "
                                     "metrics, the real-document CER (when that set is uploaded), dataset hash, "
                                     "config and git SHA. A job trained from a base version must pass the gate.")
    env_arg(p)
    p.add_argument("--job", help="training job (default: the latest)")
    p.set_defaults(func=_register)

    p = model.add_parser("list", help="the env's model versions with their status and CER")
    env_arg(p)
    p.set_defaults(func=_list)

    p = model.add_parser("compare", help="CER of two versions, side by side, on the same test sets")
    env_arg(p)
    p.add_argument("a", metavar="A", help="version: a number, 'approved' or 'latest'")
    p.add_argument("b", metavar="B")
    p.set_defaults(func=_compare)

    for verb, status in (("approve", "Approved"), ("reject", "Rejected")):
        p = model.add_parser(verb, help=f"{verb} a version (the reason is kept with it)")
        env_arg(p)
        p.add_argument("version", metavar="VERSION", help="a number, or 'latest'")
        p.add_argument("--reason", required=True, help="why: kept as the package's approval description")
        p.set_defaults(func=_decide, status=status)

    p = model.add_parser("train", help="train the next version incrementally from BASE (make train BASE=...)",
                         description="Submit a training job that starts from BASE's weights (the pretrained "
                                     "channel) and replays registry.replay_fraction of BASE's dataset beside the "
                                     "new data; register it afterwards to run the gate.")
    env_arg(p)
    p.add_argument("--base", required=True, help="'approved', 'latest' or a version number")
    p.add_argument("--config", metavar="NAME", help="training config (default: the base's, so its weights fit)")
    p.add_argument("--dataset", metavar="NAME", help="the new data (default: the env's dataset)")
    p.add_argument("--dataset-prefix", metavar="S3")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", dest="hp")
    p.add_argument("--max-runtime-hours", type=float, metavar="H")
    p.add_argument("--wait", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=_train)


def _register(args) -> int:
    from thaiocr.registry.register import register

    register(args.env, args.job)
    return 0


def _list(args) -> int:
    from thaiocr.registry.listing import list_versions

    list_versions(args.env)
    return 0


def _compare(args) -> int:
    from thaiocr.registry.compare import compare

    compare(args.env, args.a, args.b)
    return 0


def _decide(args) -> int:
    from thaiocr.registry.listing import decide

    decide(args.env, args.version, args.status, args.reason)
    return 0


def _train(args) -> int:
    from thaiocr.jobs.submit import Overrides, parse_set, submit
    from thaiocr.registry.base import request_extension

    extend = request_extension(args.env, args.base)
    print(f"base: {extend.version.label} ({extend.version.status}, job {extend.version.metadata.get('job', '?')})")
    overrides = Overrides(dataset=args.dataset, hyperparameters=parse_set(args.hp),
                          max_runtime_hours=args.max_runtime_hours)
    config = args.config or extend.version.metadata.get("config")  # the base's architecture, or its weights do not fit
    done = submit(args.env, config=config, dataset_prefix=args.dataset_prefix, dry_run=args.dry_run,
                  overrides=overrides, extend=extend)
    if not done.sent:
        return 0
    if args.wait:
        from thaiocr.jobs.monitor import follow

        return follow(args.env, done.job)
    print(f"follow it with 'make monitor ENV={args.env} JOB={done.job}', then 'make register JOB={done.job}'")
    return 0
