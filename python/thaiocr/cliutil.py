"""What every command module needs to register its subcommands (`group`, the one-line-error parser).

Below every package, so a package's `cli.py` can use it without importing the top-level `thaiocr.cli`
(which sits above all of them)."""
from __future__ import annotations

import argparse


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (the usage block stays in --help)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def group(sub, name: str, help: str) -> argparse._SubParsersAction:
    """Add a command group whose bare invocation prints its own help."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(func=None, _parser=p)
    return p.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND")


def subgroup(sub, name: str) -> argparse._SubParsersAction:
    """The subcommands of a group another module registered (`group`), to add commands to it."""
    parser = sub.choices[name]
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
