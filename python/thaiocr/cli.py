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
from thaiocr.errors import UserError

COMMAND_MODULES = [
    "thaiocr.data.cli",       # data synth | validate | import | merge | upload | make
    "thaiocr.infra.cli",      # infra outputs | apply
    "thaiocr.aws.cli",        # local up | down | status
    "thaiocr.image.cli",      # image build, paddleocr fetch
    "thaiocr.jobs.cli",       # train submit | stop | fetch-model, monitor, demo
    "thaiocr.evaluation.cli", # eval, predict
    "thaiocr.serving.cli",    # serve
    "thaiocr.fonts.cli",      # fonts fetch
    "thaiocr.models.cli",     # model ship
    "thaiocr.bench.cli",      # bench data | train | infer
]


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (the usage block stays in --help)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="thaiocr",
        description="Train, evaluate and serve Thai text recognition (PaddleOCR on SageMaker).",
    )
    parser.add_argument("--version", action="version", version=f"thaiocr {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that part of the project is not built yet
            raise
        module.register(sub)
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


def group(sub, name: str, help: str) -> argparse._SubParsersAction:
    """Add a command group whose bare invocation prints its own help."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(func=None, _parser=p)
    return p.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND")


if __name__ == "__main__":
    sys.exit(main())
