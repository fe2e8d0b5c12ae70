"""`thaiocr predict`, and the arguments and runner of `thaiocr eval` (registered by thaiocr.flows.cli, which
adds `--job`: a training job's model is fetched there, above jobs, so evaluation never imports jobs).
Heavy imports (paddle, cv2) stay inside the handlers."""
from __future__ import annotations

import argparse
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


def eval_args(p: argparse.ArgumentParser) -> None:
    """Everything of `thaiocr eval` but --job."""
    model_args(p)
    env_arg(p)
    p.add_argument("--data", type=Path, help="dataset dir (default: the model's own dataset: the local copy "
                                             "when its content hash matches, else the split from --env's bucket)")
    p.add_argument("--split", default="test", choices=("train", "val", "test"))
    p.add_argument("--baseline", action="append", default=[], metavar="tesseract[:LANGS]",
                   help="also run a baseline on the same images: tesseract (tha) or tesseract:tha+eng; repeatable")
    p.add_argument("--out", type=Path, help="report dir (default: .local/eval/<model>-<split>)")
    p.add_argument("--limit", type=_positive, help="only the first N lines")


def register(sub) -> None:
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

    return resolve_model(args.model, env=args.env)


def run_eval(args, model_dir: Path | None = None) -> int:
    """`thaiocr eval` once the model is known (default: --model, THAIOCR_MODEL, the shipped model)."""
    from thaiocr.evaluation.run import evaluate
    from thaiocr.paths import local_dir

    model_dir = model_dir or resolve_cli_model(args)
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
