"""`thaiocr demo` and `thaiocr eval`: the commands that combine jobs with data and evaluation."""
from __future__ import annotations

import sys
from pathlib import Path

from thaiocr.envs import env_arg


def register(sub) -> None:
    from thaiocr.evaluation.cli import eval_args

    p = sub.add_parser("eval", help="evaluate a model on a dataset split, optionally beside Tesseract",
                       description="Evaluate a model on a dataset split: CER, WER, line accuracy, latency, "
                                   "breakdowns by font/effect/length, confusions; report.md, report.json, plots.")
    eval_args(p)
    p.add_argument("--job", help="evaluate this training job's model in --env ('latest': the newest job); "
                                 "fetched like train fetch-model, reused once fetched")
    p.set_defaults(func=_eval)

    p = sub.add_parser("monitor", help="follow a training job: status, logs, metrics; exit 0 only if Completed",
                       description="Follow a training job (or a `make data INSTANCES=N` Processing job) to its "
                                   "end. Exit 0 Completed, 1 Failed, 3 Stopped.")
    env_arg(p)
    p.add_argument("--job", nargs="?", help="job name (default: this project's latest)")
    p.add_argument("--plot", metavar="FILE", help="write a plot of the metrics to FILE at the end")
    p.set_defaults(func=_monitor)

    p = sub.add_parser("demo", help="the whole flow on the local stack: infra, data, train, monitor, eval",
                       description="The whole project on this machine with no AWS account: the local stack, "
                                   "infra, a small dataset, a short CPU training job, monitoring, evaluation.")
    env_arg(p)
    p.add_argument("--count", type=int, default=None, help="lines to synthesise (default: a small demo set)")
    p.set_defaults(func=_demo)


def job_model(env: str, job: str) -> Path:
    """A job's model dir: reuse an earlier fetch, else fetch it now (jobs.fetch owns the S3 layout)."""
    from thaiocr.evaluation.model_source import check_model_dir, inference_dir
    from thaiocr.jobs.fetch import default_dir, fetch

    if job == "latest":  # what `make eval` passes without JOB
        from thaiocr.jobs.describe import latest_job

        job = latest_job(env)
    local = default_dir(env, job)
    if local.is_dir() and inference_dir(local) is not None:
        return local
    return check_model_dir(fetch(env, job, out=lambda msg: print(msg, file=sys.stderr)))


def _eval(args) -> int:
    from thaiocr.evaluation.cli import run_eval

    model = job_model(args.env, args.job) if args.job and not args.model else None
    return run_eval(args, model)


def _monitor(args) -> int:
    """Training jobs through jobs.monitor; the newest (or named) Processing job through processing.monitor."""
    from thaiocr.aws.session import client
    from thaiocr.jobs.monitor import follow
    from thaiocr.processing import monitor as processing

    sm = client("sagemaker", args.env)
    processing_job = processing.wanted(args.env, args.job, sm)
    if processing_job:
        return processing.follow(args.env, processing_job, sm=sm, logs=client("logs", args.env))
    return follow(args.env, args.job, plot=args.plot, sm=sm)


def _demo(args) -> int:
    from thaiocr.flows.demo import run

    return run(args.env, count=args.count)
