"""`thaiocr eval` and `thaiocr predict`. Heavy imports (paddle, cv2) stay inside the handlers."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thaiocr.envs import env_arg


def model_args(p: argparse.ArgumentParser) -> None:
    """--model and the knobs every command that runs the model shares (eval, predict, serve)."""
    p.add_argument("--model", metavar="DIR|TAR|S3",
                   help="model dir, model.tar.gz or s3:// URI (default: THAIOCR_MODEL, /opt/ml/model, "
                        "then the highest-versioned shipped model under models/)")
    p.add_argument("--backend", choices=("paddle", "paddleocr"), default="paddle",
                   help="paddle.inference (default) or the paddleocr package's TextRecognition")
    p.add_argument("--threads", type=_positive, default=1, help="CPU math threads per model worker (default 1)")
    p.add_argument("--batch-size", type=_positive, default=8, help="lines per forward pass (default 8)")


def register(sub) -> None:
    p = sub.add_parser("eval", help="evaluate a model on a dataset split, optionally beside Tesseract",
                       description="Evaluate a model on a dataset split: CER, WER, line accuracy, latency, "
                                   "breakdowns by font/effect/length, confusions; report.md, report.json, plots.")
    model_args(p)
    env_arg(p)
    p.add_argument("--job", help="evaluate this training job's model in --env ('latest': the newest job); "
                                 "fetched like train fetch-model, reused once fetched")
    p.add_argument("--data", type=Path, help="dataset dir (default: the model's own dataset: the local copy "
                                             "when its content hash matches, else the split from --env's bucket)")
    p.add_argument("--split", default="test", choices=("train", "val", "test"))
    p.add_argument("--baseline", action="append", default=[], metavar="tesseract[:LANGS]",
                   help="also run a baseline on the same images: tesseract (tha) or tesseract:tha+eng; repeatable")
    p.add_argument("--out", type=Path, help="report dir (default: .local/eval/<model>-<split>)")
    p.add_argument("--limit", type=_positive, help="only the first N lines")
    p.set_defaults(func=_eval)

    p = sub.add_parser("predict", help="recognise the text of line images (files or s3:// URIs)",
                       description="Print each image's text and confidence.")
    model_args(p)
    env_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON list on stdout")
    p.add_argument("images", nargs="+", metavar="IMAGE", help="image file or s3:// URI")
    p.set_defaults(func=_predict)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{value}'")
    return n


def resolve_cli_model(args) -> Path:
    from thaiocr.evaluation.model_source import resolve_model

    if getattr(args, "model", None) or not getattr(args, "job", None):
        return resolve_model(args.model, env=args.env)
    return _job_model(args.env, args.job)


def _job_model(env: str, job: str) -> Path:
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
    from thaiocr.evaluation.run import evaluate
    from thaiocr.paths import local_dir

    model_dir = resolve_cli_model(args)
    if args.data is None:
        from thaiocr.evaluation.remote_data import dataset_for_model

        data = dataset_for_model(model_dir, args.env, args.split)
    else:
        data = args.data
    out = args.out or local_dir() / "eval" / f"{model_dir.name}-{args.split}"
    report = evaluate(model_dir, data, split=args.split, baselines=tuple(args.baseline), out_dir=out,
                      batch_size=args.batch_size, limit=args.limit, threads=args.threads, backend=args.backend)
    for name, e in report["engines"].items():
        print(f"{name:>18}: CER {100 * e['cer']:.2f}%  WER {100 * e['wer']:.2f}%  "
              f"line accuracy {100 * e['line_accuracy']:.2f}%  {e['ms_per_line']:.1f} ms/line  ({e['lines']} lines)")
    print(f"report: {out / 'report.md'}")
    return 0


def _predict(args) -> int:
    import json

    from thaiocr.evaluation.images import read_image
    from thaiocr.evaluation.recognizer import Recognizer

    images = [read_image(src, args.env) for src in args.images]  # all readable before the model loads
    model_dir = resolve_cli_model(args)
    rec = Recognizer(model_dir, backend=args.backend, batch_size=args.batch_size, threads=args.threads)
    preds = rec.predict(images)
    if args.json:
        print(json.dumps([{"image": src, **p.as_dict()} for src, p in zip(args.images, preds, strict=True)],
                         ensure_ascii=False, indent=2))
    else:
        for src, p in zip(args.images, preds, strict=True):
            print(f"{src}\t{p.text}\t{p.confidence:.4f}")
    return 0
