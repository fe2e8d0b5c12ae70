"""The user interface: the CLI answers --help everywhere, and the Makefile's targets call real commands."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from thaiocr.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]


def _commands(parser, prefix=()):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield prefix + (name,)
                yield from _commands(sub, prefix + (name,))


@pytest.mark.parametrize("command", list(_commands(build_parser())), ids=" ".join)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: thaiocr" in capsys.readouterr().out


def test_makefile_targets_call_existing_commands():
    known = {" ".join(c) for c in _commands(build_parser())}
    calls = re.findall(r"\$\(THAIOCR\) ([a-z-]+(?: [a-z-]+)?)", (REPO / "Makefile").read_text())
    assert calls
    for call in calls:
        words = call.split()
        assert " ".join(words) in known or words[0] in known, f"Makefile calls 'thaiocr {call}', which does not exist"


def test_user_mistakes_are_one_line(capsys):
    assert main(["data", "synth", "--spec", "missing.yaml", "--out", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_:
        main(["data", "upload", "x", "--env", "staging"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown env 'staging'" in err


@pytest.mark.skipif(not shutil.which("make"), reason="make not installed")
def test_make_rejects_unknown_env_in_one_line():
    proc = subprocess.run(["make", "-s", "help", "ENV=staging"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "unknown ENV 'staging'" in proc.stderr
    proc = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0 and "make <target>" in proc.stdout and "bench-data" in proc.stdout


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    ci = (REPO / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
