"""`thaiocr train submit|stop|fetch-model` (`thaiocr monitor` is in thaiocr.flows.cli, as it follows
Processing jobs too). Handlers import their modules lazily so `thaiocr --help` does not pay for boto3."""
from __future__ import annotations

from thaiocr.cliutil import group
from thaiocr.envs import env_arg


def register(sub) -> None:
    train = group(sub, "train", "training jobs on SageMaker (ENV=local: a local subprocess)")

    p = train.add_parser("submit", help="preflight, then start a training job",
                         description="Start a training job for ENV (SageMaker; ENV=local: a CPU subprocess through "
                                     "the local stack) after preflight: the hyperparameters (with --set) checked "
                                     "by the container's own model, the image, dataset, role and the worst-case "
                                     "cost against the env's budget. Nothing is paid for before all pass.")
    env_arg(p)
    p.add_argument("--config", metavar="NAME", help="training config in configs/rec/ (default: the env's)")
    p.add_argument("--dataset-prefix", metavar="S3", help="train on this dataset prefix instead of the latest upload")
    p.add_argument("--dataset", metavar="NAME", help="dataset name to train on (default: the env's `dataset`)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", dest="hp",
                   help="override one hyperparameter of the env's config, e.g. --set epochs=10 (repeatable)")
    p.add_argument("--max-runtime-hours", type=float, metavar="H", help="override the env's max runtime")
    p.add_argument("--wait", action="store_true", help="follow the job to its end (as 'thaiocr monitor')")
    p.add_argument("--dry-run", action="store_true", help="run preflight and print the request; start nothing")
    p.add_argument("--plot", metavar="FILE", help="with --wait: write a metrics plot here")
    p.set_defaults(func=_submit)

    p = train.add_parser("stop", help="stop a running job")
    env_arg(p)
    p.add_argument("--job", nargs="?", help="job name")
    p.set_defaults(func=_stop)

    p = train.add_parser("fetch-model", help="download and unpack a job's model.tar.gz, print its metrics")
    env_arg(p)
    p.add_argument("--job", nargs="?", help="job name (default: the latest)")
    p.add_argument("--out", metavar="DIR", help="where to unpack (default: .local/models/<env>/<job>)")
    p.set_defaults(func=_fetch)


def _submit(args) -> int:
    from thaiocr.jobs.submit import Overrides, parse_set, submit

    overrides = Overrides(dataset=args.dataset, hyperparameters=parse_set(args.hp),
                          max_runtime_hours=args.max_runtime_hours)
    done = submit(args.env, config=args.config, dataset_prefix=args.dataset_prefix, dry_run=args.dry_run,
                  overrides=overrides)
    if not done.sent:
        return 0
    if args.wait:
        from thaiocr.jobs.monitor import follow

        return follow(args.env, done.job, plot=args.plot)
    print(f"follow it with 'make monitor ENV={args.env} JOB={done.job}'")
    return 0


def _stop(args) -> int:
    from thaiocr.jobs.stop import stop

    return stop(args.env, args.job)


def _fetch(args) -> int:
    from thaiocr.jobs.fetch import fetch

    fetch(args.env, args.job, args.out)
    return 0

