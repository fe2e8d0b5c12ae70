"""`thaiocr`: one CLI, subcommands registered by the package that owns them.

Each module in COMMAND_MODULES exposes `register(subparsers)`; it must import only
light modules at top level so that `thaiocr --help` stays instant.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from thaiocr import __version__
from thaiocr.cliutil import Parser, group  # noqa: F401  (group: re-exported for the command modules)
from thaiocr.errors import UserError

COMMAND_MODULES = [
    "thaiocr.data.cli",       # data synth | validate | import | import-pdf | merge | upload
    "thaiocr.processing.cli", # data make (here or --instances N), data import-pdf-job (sharded Processing jobs)
    "thaiocr.infra.cli",      # infra outputs | apply
    "thaiocr.aws.cli",        # local up | down | status
    "thaiocr.image.cli",      # image build, paddleocr fetch
    "thaiocr.jobs.cli",       # train submit | stop | fetch-model, monitor
    "thaiocr.evaluation.cli", # predict
    "thaiocr.flows.cli",      # demo, eval (flows that span jobs, data and evaluation)
    "thaiocr.serving.cli",    # serve
    "thaiocr.ocr.cli",        # ocr (whole pages and PDFs)
    "thaiocr.fonts.cli",      # fonts fetch
    "thaiocr.models.cli",     # model ship | register | list | compare | approve | reject | train
    "thaiocr.deploy.cli",     # deploy | undeploy | invoke | cost
    "thaiocr.bench.cli",      # bench data | train | infer
]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="thaiocr",
        description="Train, evaluate and serve Thai text recognition (PaddleOCR on SageMaker).",
    )
    parser.add_argument("--version", action="version", version=f"thaiocr {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        # a group without its subcommand: show that group's help
        (getattr(args, "_parser", None) or parser).print_help()
        return 2
    try:
        return int(func(args) or 0)
    except UserError as exc:
        print(f"thaiocr: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("thaiocr: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # AWS credential problems are user problems, not bugs
        from thaiocr.aws.errors import as_user_error

        user = as_user_error(exc)
        if user is None or os.environ.get("THAIOCR_DEBUG"):
            raise
        print(f"thaiocr: error: {user}", file=sys.stderr)
        return user.exit_code



if __name__ == "__main__":
    sys.exit(main())
