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
    assert "final status: Completed" in text and "demo done: " in text
    assert f"report:  {tmp_path / 'eval' / 'report.md'}" in text
    assert "a smoke test of the path, not a model" in text and "starts from random weights" in text
    assert "is still running" in text and "'make local-down' stops it" in text
    assert "lines of PaddleOCR's config dump and library warnings are in the job log" in text


def test_the_job_log_shows_the_story_and_keeps_the_noise_out():
    shown = []
    log = demo.QuietLog(shown.append)
    for line in ["[2026/12/04 02:40:43] ppocr INFO:     Backbone : ",
                 "/x/extension_utils.py:712: UserWarning: No ccache found. Please ...",
                 "W1204 02:40:50.959770 24386 eager_utils.cc:3584] Paddle static graph(PIR) not support input",
                 "WARNING: OMP_NUM_THREADS set to 2, not 1.",
                 "thaiocr-train: exporting latest to /opt/ml/model/inference",
                 "metrics{'epoch': 1, 'train_loss': 3.2}",
                 "[02:40:45] Training: Training in progress",
                 "final status: Completed (Completed)",
                 "Traceback (most recent call last):"]:
        log(line)
    assert log.hidden == 4 and len(shown) == 5 and not any("ppocr INFO" in s or "ccache" in s for s in shown)


def test_verdict_says_what_the_short_run_reached():
    assert "from random weights" in demo.verdict(None, 1.0) and "100.00%" in demo.verdict(None, 1.0)
    assert "started at CER 12.00%" in demo.verdict(0.12, 0.125) and "kept them" in demo.verdict(0.12, 0.125)
    assert "improved" in demo.verdict(0.30, 0.20)
