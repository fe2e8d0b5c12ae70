"""`thaiocr demo`: its refusals, and its order of steps with the heavy ones (synthesis, PaddleOCR,
evaluation) replaced, so the orchestration is checked in seconds."""
import sys
from pathlib import Path

import pytest

from thaiocr.cli import main
from thaiocr.flows import demo

FAKE = Path(__file__).with_name("fake_trainer.py")


def test_demo_is_local_only(capsys):
    assert main(["demo", "--env", "dev"]) == 2
    assert "the demo runs on the local stack only" in capsys.readouterr().err


def test_demo_says_how_to_get_paddleocr(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "nowhere"))
    assert main(["demo"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "make paddleocr" in err and "PaddleOCR" in err


@pytest.mark.slow
def test_demo_runs_every_step_in_order(monkeypatch, tmp_path, aws, local_infra, uploaded_dataset, known_configs):
    monkeypatch.setenv("THAIOCR_TRAIN_COMMAND", f"{sys.executable} {FAKE}")
    monkeypatch.setattr(demo, "check_setup", lambda: tmp_path / "PaddleOCR")
    monkeypatch.setattr(demo, "apply_infra", lambda: None)  # local_infra made it
    monkeypatch.setattr(demo, "make_data", lambda count, say: tmp_path / "data")

    def fake_eval(job, data, out):
        from thaiocr.jobs.fetch import fetch

        return fetch("local", job, out=out), tmp_path / "eval"

    monkeypatch.setattr(demo, "evaluate", fake_eval)
    lines = []
    assert demo.run("local", count=10, out=lines.append) == 0
    text = "\n".join(lines)
    steps = [text.index(f"[{i}/6]") for i in range(1, 7)]
    assert steps == sorted(steps)
    assert "final status: Completed" in text and "demo done." in text
    assert f"report:  {tmp_path / 'eval' / 'report.md'}" in text
