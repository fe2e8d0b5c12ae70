"""The entrypoint against a stand-in PaddleOCR (tests/train/fake_paddleocr): the SageMaker contract end
to end — hyperparameters, validation before training, rendered config, metrics, export, resume,
failure file and SIGTERM — in seconds and without Paddle."""
import json
import os
import pickle
import signal
import subprocess
import sys
import time

import yaml

from thaiocr.train import contract, metrics
from thaiocr.train.entrypoint import main

from train_helpers import write_dataset


def _runs(tmp_path):
    path = tmp_path / "trainer_runs.json"
    return json.loads(path.read_text()) if path.exists() else []


def _failure():
    p = contract.paths()
    return p.failure_file.read_text().strip() if p.failure_file.exists() else None


def test_success_writes_the_model_dir(opt_ml, tmp_path, capsys):
    opt_ml({"learning_rate": "0.002", "batch_size": "4"})
    assert main(["train"]) == 0
    p = contract.paths()
    model = p.model_dir
    assert sorted(x.name for x in model.iterdir()) == ["config.yml", "inference", "manifest.json", "metrics.json",
                                                        "pretrained.pdparams", "th_dict.txt"]
    # the training weights travel with the model, so the next run continues them
    weights = (model / "pretrained.pdparams").read_bytes()
    assert weights in [c.read_bytes() for c in p.checkpoints_dir.glob("*.pdparams")]
    assert (model / "inference/inference.json").exists() and (model / "inference/inference.pdiparams").exists()
    ops = [next(iter(op)) for op in yaml.safe_load((model / "inference/inference.yml").read_text())
           ["PreProcess"]["transform_ops"]]
    assert ops == ["DecodeImage", "RecResizeImg", "KeepKeys"]
    rendered = yaml.safe_load((model / "config.yml").read_text())
    assert rendered["Optimizer"]["lr"]["learning_rate"] == 0.002
    assert rendered["Global"]["save_model_dir"] == str(p.checkpoints_dir)
    assert json.loads((model / "metrics.json").read_text())["config"] == "th_cpu_tiny"
    assert _failure() is None
    out = capsys.readouterr().out
    seen = dict(metrics.parse_lines(out.splitlines()))
    assert seen["train_loss"] == 2.5 and seen["eval_acc"] == 0.5 and seen["samples_per_sec"] == 32.0
    assert abs(seen["reader_cost_ratio"] - 0.02) < 1e-9
    run = _runs(tmp_path)[0]
    assert run["argv"][0].endswith("tools/train.py")


def test_bad_hyperparameter_fails_before_training(opt_ml, tmp_path, capsys):
    opt_ml({"epochs": "many", "lerning_rate": "1"})
    assert main([]) == 2
    reason = _failure()
    assert "epochs='many'" in reason and "unknown hyperparameter 'lerning_rate'" in reason
    assert _runs(tmp_path) == []
    assert "Traceback" not in capsys.readouterr().err


def test_labels_checked_before_training(opt_ml, tmp_path):
    bad = write_dataset(tmp_path / "bad", {"train": 6, "val": 2, "test": 2})
    labels = bad / "rec/rec_gt_train.txt"
    labels.write_text(labels.read_text(encoding="utf-8") + "images/train_0000.png\tกΩ\n", encoding="utf-8")
    opt_ml(dataset=bad)
    assert main([]) == 2
    assert "failed validation" in _failure()
    assert _runs(tmp_path) == []


def test_max_text_length_shorter_than_labels(opt_ml, tmp_path):
    opt_ml({"max_text_length": "2"})
    assert main([]) == 2
    assert "max_text_length 2" in _failure()


def test_missing_channel_and_missing_paddleocr(opt_ml, monkeypatch, tmp_path):
    opt_ml(dataset=None)
    assert main([]) == 2
    assert "no 'training' channel" in _failure()
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "nowhere"))
    assert main([]) == 2
    assert "make paddleocr" in _failure()


def test_trainer_failure_is_reported(opt_ml, monkeypatch):
    opt_ml()
    monkeypatch.setenv("FAKE_TRAIN_MODE", "fail")
    assert main([]) == 1
    assert _failure() == "training failed (exit 1): ValueError: the fake trainer was told to fail"


def test_no_checkpoint_is_a_failure(opt_ml, monkeypatch):
    opt_ml()
    monkeypatch.setenv("FAKE_TRAIN_MODE", "empty")
    assert main([]) == 1
    assert "produced no checkpoint" in _failure()


def test_export_failure_is_reported(opt_ml, monkeypatch):
    opt_ml()
    monkeypatch.setenv("FAKE_EXPORT_MODE", "fail")
    assert main([]) == 1
    assert _failure().startswith("export failed (exit 3): RuntimeError")


def test_resume_from_latest_checkpoint(opt_ml, tmp_path):
    opt_ml({"epochs": "5"})
    ckpt = contract.paths().checkpoints_dir
    ckpt.mkdir(parents=True)
    for suffix in (".pdparams", ".pdopt"):
        (ckpt / f"latest{suffix}").write_bytes(b"w")
    (ckpt / "latest.states").write_bytes(pickle.dumps({"epoch": 3}))
    assert main([]) == 0
    cfg = _runs(tmp_path)[0]["config"]
    assert cfg["Global"]["checkpoints"] == str(ckpt / "latest")
    assert pickle.loads((ckpt / "latest.states").read_bytes())["epoch"] == 5


def test_pretrained_channel(opt_ml, tmp_path, capsys):
    weights = tmp_path / "th_PP-OCRv5_mobile_rec_pretrained.pdparams"
    weights.write_bytes(b"pretrained")
    opt_ml({"config": "th_ppocrv5_mobile", "epochs": "1"}, pretrained=weights)
    assert main([]) == 0
    cfg = _runs(tmp_path)[0]["config"]
    assert cfg["Global"]["pretrained_model"].endswith("input/data/pretrained/" + weights.name)
    assert cfg["Train"]["loader"]["batch_size_per_card"] == 24  # clamped to the 24 training lines
    assert "1 pretrained tensors did not fit" in capsys.readouterr().out


def test_batch_larger_than_dataset_is_clamped(opt_ml, tmp_path, capsys):
    opt_ml({"batch_size": "500"})
    assert main([]) == 0
    assert _runs(tmp_path)[0]["config"]["Train"]["loader"]["batch_size_per_card"] == 24
    assert "batch_size 500 exceeds" in capsys.readouterr().out


def test_sigterm_is_forwarded_and_checkpoints_kept(opt_ml, tmp_path):
    opt_ml()
    marker = tmp_path / "got_sigterm"
    env = {**os.environ, "FAKE_TRAIN_MODE": "hang", "FAKE_TRAIN_SIGNAL_MARKER": str(marker)}
    proc = subprocess.Popen([sys.executable, "-m", "thaiocr.train", "train"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.time() + 60
    for line in proc.stdout:
        lines.append(line)
        if "fake trainer: ready" in line or time.time() > deadline:
            break
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, "".join(lines) + out
    assert marker.read_text() == "SIGTERM"
    assert "checkpoints kept" in out
    p = contract.paths()
    assert (p.checkpoints_dir / "latest.pdparams").exists()
    assert not p.failure_file.exists()
    assert not (p.model_dir / "inference").exists()


def test_console_script_help():
    out = subprocess.run([sys.executable, "-m", "thaiocr.train", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "thaiocr-train" in out.stdout


def test_unexpected_arguments():
    assert main(["serve"]) == 2


def test_only_the_master_host_exports(opt_ml, monkeypatch, capsys):
    from thaiocr.train import entrypoint, launch

    opt_ml(resourceconfig={"current_host": "algo-2", "hosts": ["algo-1", "algo-2"]})
    seen = {}
    real = launch.build_launch

    def direct(home, script, args, **kw):  # record the multi-host launch, run the stand-in directly
        seen[script] = real(home, script, args, **kw)
        return real(home, script, args, **{**kw, "resources": contract.ResourceConfig("algo-1", ["algo-1"])})

    monkeypatch.setattr(entrypoint.launch, "build_launch", direct)
    assert main([]) == 0
    argv = seen["train.py"].argv
    assert "paddle.distributed.launch" in argv and argv[argv.index("--rank") + 1] == "1"
    assert "export_model.py" not in seen
    assert not (contract.paths().model_dir / "inference").exists()
    assert "algo-1 saves, exports and evaluates" in capsys.readouterr().out


def test_loader_workers_fit_the_cpus(monkeypatch):
    from thaiocr.train import entrypoint
    from thaiocr.train.hyperparams import parse_hyperparameters

    monkeypatch.setattr(entrypoint.os, "cpu_count", lambda: 8)
    template = {"Train": {"loader": {"num_workers": 8}}}
    assert entrypoint._workers(parse_hyperparameters({}), template, gpus=4).num_workers == 1
    assert entrypoint._workers(parse_hyperparameters({}), template, gpus=1).num_workers == 7
    assert entrypoint._workers(parse_hyperparameters({"num_workers": "12"}), template, gpus=4).num_workers == 12
