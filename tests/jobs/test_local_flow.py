"""The local flow end to end with the stand-in trainer: submit -> local runner subprocess -> monitor ->
fetch-model, through the real CLI, against the moto server."""
import json
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from thaiocr.cli import main
from thaiocr.jobs import describe, local_state

FAKE = Path(__file__).with_name("fake_trainer.py")
pytestmark = pytest.mark.slow


@pytest.fixture
def stand_in(monkeypatch, known_configs, uploaded_dataset):
    monkeypatch.setenv("THAIOCR_TRAIN_COMMAND", f"{sys.executable} {FAKE} train")
    return lambda mode: monkeypatch.setenv("FAKE_TRAINER", mode)


def local_infra_endpoint() -> str:
    import os

    return os.environ["THAIOCR_LOCAL_ENDPOINT"]


def wait_until_training(job: str) -> None:
    deadline = time.time() + 60
    while (local_state.read_status(job) or {}).get("SecondaryStatus") != "Training" and time.time() < deadline:
        time.sleep(0.2)


def submitted_job(out: str) -> str:
    return next(line.split()[1] for line in out.splitlines() if line.startswith("submitted "))


def test_train_wait_monitor_fetch(stand_in, aws, local_infra, capsys, tmp_path):
    stand_in("ok")
    assert main(["train", "submit", "--env", "local", "--wait"]) == 0
    out = capsys.readouterr().out
    job = submitted_job(out)
    for expected in ("Downloading: Downloading input data", "Training: Training in progress",
                     "fake trainer: config=th_cpu_tiny labels=True", "argv=['train']",
                     f"model: s3://{local_infra.bucket}/models/{job}/output/model.tar.gz", "final status: Completed"):
        assert expected in out, expected
    assert sum("fake trainer:" in line for line in out.splitlines()) == 1
    assert any(line.startswith("metrics") and "train_loss" in line for line in out.splitlines())

    # what SageMaker would hold: the job itself, its logs, checkpoints and model
    sm = aws("sagemaker")
    assert job in [j["TrainingJobName"] for j in sm.list_training_jobs()["TrainingJobSummaries"]]
    streams = aws("logs").describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs",
                                               logStreamNamePrefix=f"{job}/")["logStreams"]
    assert len(streams) == 1 and streams[0]["logStreamName"].startswith(f"{job}/algo-1-")
    series = aws("cloudwatch").list_metrics(Namespace="/aws/sagemaker/TrainingJobs",
                                            Dimensions=[{"Name": "TrainingJobName", "Value": job}])["Metrics"]
    assert {"train_loss", "test_cer"} <= {m["MetricName"] for m in series}
    keys = [o["Key"] for o in aws("s3").list_objects_v2(Bucket=local_infra.bucket)["Contents"]]
    assert f"checkpoints/{job}/latest.pdparams" in keys
    desc = describe.describe("local", job)
    assert desc["TrainingJobStatus"] == "Completed" and desc["BillableTimeInSeconds"] >= 1
    assert {m["MetricName"] for m in desc["FinalMetricDataList"]} >= {"train_loss", "test_cer"}
    hyper = json.loads((local_state.opt_ml(job) / "input/config/hyperparameters.json").read_text())
    assert hyper["device"] == "cpu" and hyper["config"] == "th_cpu_tiny"

    assert main(["train", "fetch-model", "--env", "local", "--out", str(tmp_path / "model")]) == 0
    out = capsys.readouterr().out
    assert '"test_cer": 0.05' in out
    assert (tmp_path / "model/inference/inference.json").exists()

    assert main(["monitor", "--env", "local"]) == 0  # the latest job, again, from its records

    # `make local-down && make local-up` forgets moto's jobs; the local records still answer
    urllib.request.urlopen(urllib.request.Request(f"{local_infra_endpoint()}/moto-api/reset", method="POST")).read()
    assert describe.latest_job("local") == job
    assert main(["monitor", "--env", "local", "--job", job]) == 0


def test_failed_training_reports_the_reason(stand_in, local_infra, capsys):
    stand_in("fail")
    assert main(["train", "submit", "--env", "local", "--wait"]) == 1
    out = capsys.readouterr().out
    assert "final status: Failed" in out
    assert "FailureReason: AlgorithmError: ValueError: the dictionary lacks 3 characters of the labels" in out
    job = submitted_job(out)
    assert main(["train", "fetch-model", "--env", "local", "--job", job]) == 2
    assert "is Failed: no model to fetch" in capsys.readouterr().err


def test_stop_a_local_job(stand_in, local_infra, capsys):
    stand_in("sleep")
    assert main(["train", "submit", "--env", "local"]) == 0
    job = submitted_job(capsys.readouterr().out)
    wait_until_training(job)
    assert main(["train", "stop", "--env", "local", "--job", job]) == 0
    assert main(["monitor", "--env", "local", "--job", job]) == 3
    out = capsys.readouterr().out
    assert "final status: Stopped" in out
    assert main(["train", "stop", "--env", "local", "--job", job]) == 0
    assert "already Stopped" in capsys.readouterr().out


def test_a_runner_killed_outright_reads_as_failed(stand_in, local_infra, capsys):
    import os
    import signal

    stand_in("sleep")
    assert main(["train", "submit", "--env", "local"]) == 0
    job = submitted_job(capsys.readouterr().out)
    wait_until_training(job)
    pid = local_state.runner_pid(job)
    os.kill(pid, signal.SIGKILL)
    assert main(["monitor", "--env", "local", "--job", job]) == 1
    assert "the local runner (pid" in capsys.readouterr().out
    try:
        os.killpg(pid, signal.SIGKILL)  # the orphaned stand-in trainer shares the runner's process group
    except ProcessLookupError:
        pass
