"""The entrypoint with the real PaddleOCR tree on CPU: train one epoch of the small config on a tiny set,
export, evaluate, and check /opt/ml/model; then resume from the checkpoint it left. Skipped (with the
reason) when no PaddleOCR tree is present; must pass when it is."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from thaiocr.train import metrics
from thaiocr.train.source import paddleocr_home

from train_helpers import write_dataset, write_opt_ml

HOME = paddleocr_home(required=False)
pytestmark = [
    pytest.mark.paddleocr, pytest.mark.slow,
    pytest.mark.skipif(HOME is None, reason="no PaddleOCR tree: run 'make paddleocr' or set PADDLEOCR_HOME"),
]


def _run(base: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SAGEMAKER_BASE_DIR": str(base), "PADDLEOCR_HOME": str(HOME), "THAIOCR_NUM_GPUS": "0",
           "OMP_NUM_THREADS": "2"}
    return subprocess.run([sys.executable, "-m", "thaiocr.train", "train"], env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    pytest.importorskip("paddle")
    root = tmp_path_factory.mktemp("real")
    ds = write_dataset(root / "ds", {"train": 32, "val": 8, "test": 8})
    base = write_opt_ml(root / "opt_ml", ds, {"config": "th_cpu_tiny", "epochs": "1", "batch_size": "8",
                                              "num_workers": "0", "eval_every": "2", "print_every": "2"})
    return base, _run(base)


def test_train_export_evaluate(trained):
    base, proc = trained
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-4000:]
    model = base / "model"
    assert {"inference", "th_dict.txt", "config.yml", "manifest.json", "metrics.json"} <= {p.name for p in model.iterdir()}
    assert (model / "inference/inference.pdiparams").is_file()
    assert (model / "inference/inference.json").is_file() or (model / "inference/inference.pdmodel").is_file()
    infer = yaml.safe_load((model / "inference/inference.yml").read_text(encoding="utf-8"))
    assert [next(iter(op)) for op in infer["PreProcess"]["transform_ops"]] == ["DecodeImage", "RecResizeImg", "KeepKeys"]
    assert infer["PostProcess"]["name"] == "CTCLabelDecode"
    assert infer["PostProcess"]["character_dict"] == (model / "th_dict.txt").read_text(encoding="utf-8").splitlines()
    figures = json.loads((model / "metrics.json").read_text())
    assert 0.0 <= figures["cer"] and figures["lines"] == 8 and "by_font_cer" in figures
    seen = dict(metrics.parse_lines(log.splitlines()))
    assert {"train_loss", "samples_per_sec", "reader_cost_ratio", "eval_acc", "test_cer", "test_line_acc"} <= set(seen)
    assert (base / "checkpoints/latest.pdparams").is_file()
    assert not (base / "output/failure").exists()


def test_model_export_ships_another_checkpoint(trained, tmp_path):
    """`thaiocr model export` writes the same model dir for a checkpoint the run did not pick."""
    base, first = trained
    assert first.returncode == 0
    out = tmp_path / "epoch1"
    env = {**os.environ, "PADDLEOCR_HOME": str(HOME), "THAIOCR_NUM_GPUS": "0"}
    proc = subprocess.run([sys.executable, "-m", "thaiocr.cli", "model", "export", "--run", str(base),
                           "--checkpoint", "iter_epoch_1", "--out", str(out)], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert {"inference", "th_dict.txt", "config.yml", "manifest.json", "metrics.json", "pretrained.pdparams"} <= {
        p.name for p in out.iterdir()}
    assert json.loads((out / "metrics.json").read_text())["epoch"] == 1
    assert (out / "pretrained.pdparams").read_bytes() == (base / "checkpoints/iter_epoch_1.pdparams").read_bytes()


def test_resume_continues_from_the_checkpoint(trained):
    base, first = trained
    assert first.returncode == 0
    (base / "input/config/hyperparameters.json").write_text(json.dumps(
        {"config": "th_cpu_tiny", "epochs": "2", "batch_size": "8", "num_workers": "0", "evaluate": "false"}))
    proc = _run(base)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-4000:]
    assert "resuming from latest (epoch 1)" in log
    assert "epoch: [2/2]" in log and "epoch: [1/2]" not in log


def test_bench_train_reports_throughput_and_reader_share():
    proc = subprocess.run([sys.executable, "-m", "thaiocr.cli", "bench", "train", "--steps", "8", "--batch-size", "4",
                           "--workers", "0", "--json"], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PADDLEOCR_HOME": str(HOME), "OMP_NUM_THREADS": "2"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert figures["samples_per_sec"] > 0 and 0 <= figures["reader_cost_ratio"] < 1 and figures["device"] == "CPU"


def test_bench_loader_only():
    proc = subprocess.run([sys.executable, "-m", "thaiocr.cli", "bench", "train", "--loader-only", "--config",
                           "th_ppocrv5_mobile", "--steps", "4", "--batch-size", "4", "--json"],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PADDLEOCR_HOME": str(HOME)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1])["per_core_samples_per_sec"] > 0


def test_bench_model_only_compares_backbones_and_names_the_costly_operators(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "thaiocr.cli", "bench", "train", "--model-only", "--config",
                           "th_lines_cpu", "--backbone", "MobileNetV3:scale=0.35,model_name=small", "--steps", "1",
                           "--batch-size", "2", "--profile", "--json"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env={**os.environ, "PADDLEOCR_HOME": str(HOME)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    assert row["backbone"] == "MobileNetV3" and row["ctc_steps"] == 80 and row["samples_per_sec_per_core"] > 0
    assert any(name.startswith("DepthwiseConv2d") for name, _ in row["top_ops"])
    assert not any(tmp_path.iterdir())  # no profiler trace left behind


def test_bench_model_only_bad_backbone_is_one_line():
    proc = subprocess.run([sys.executable, "-m", "thaiocr.cli", "bench", "train", "--model-only", "--backbone",
                           "NoSuchNet", "--config", "th_lines_cpu"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PADDLEOCR_HOME": str(HOME)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines()[-1].startswith("thaiocr: error: PaddleOCR cannot build {'name': 'NoSuchNet'}")


@pytest.mark.parametrize("config", ["th_ppocrv5_mobile", "th_svtr_lcnet", "th_single_char", "seed_crnn"])
def test_every_config_builds_and_exports(config, tmp_path):
    """Each shipped config is a model PaddleOCR can build and export (random weights; no training)."""
    pytest.importorskip("paddle")
    from thaiocr.train import export, render
    from thaiocr.train.dataset import find_dataset
    from thaiocr.train.hyperparams import parse_hyperparameters

    ds = find_dataset(write_dataset(tmp_path / "ds", {"train": 4, "val": 2}, height=48), "training")
    job = render.Job(train=ds, val=ds, val_split="val", checkpoints_dir=tmp_path / "ckpt",
                     inference_dir=tmp_path / "inference", output_data_dir=tmp_path / "out",
                     use_gpu=False, num_devices=1, max_text_length=ds.max_text_length)
    cfg = render.render(render.load_template(config), parse_hyperparameters({}), job)
    ecfg = export.export_config(cfg, tmp_path / "none", tmp_path / "inference")
    ecfg["Global"]["pretrained_model"] = None  # random weights: only the graph is under test
    path = render.dump(ecfg, tmp_path / "export.yml")
    proc = subprocess.run([sys.executable, str(HOME / "tools/export_model.py"), "-c", str(path)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(HOME)})
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    data = export.fix_inference_yml(tmp_path / "inference", cfg)
    assert data["PostProcess"]["name"] == "CTCLabelDecode"
    assert (tmp_path / "inference/inference.pdiparams").is_file()


def test_sigterm_keeps_the_real_checkpoint(tmp_path):
    """PaddleOCR's own SIGTERM handler kills its process group: the entrypoint must not be in it."""
    import pickle
    import signal
    import time

    pytest.importorskip("paddle")
    ds = write_dataset(tmp_path / "ds", {"train": 16, "val": 4, "test": 4})
    base = write_opt_ml(tmp_path / "opt_ml", ds, {"config": "th_cpu_tiny", "epochs": "200", "batch_size": "8",
                                                 "num_workers": "0", "evaluate": "false"})
    env = {**os.environ, "SAGEMAKER_BASE_DIR": str(base), "PADDLEOCR_HOME": str(HOME), "THAIOCR_NUM_GPUS": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "thaiocr.train", "train"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    lines, deadline = [], time.time() + 300
    for line in proc.stdout:
        lines.append(line)
        if "save model in" in line and "latest" in line or time.time() > deadline:
            break
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=120)
    log = "".join(lines) + out
    assert proc.returncode == 0, log[-3000:]
    assert "checkpoints kept" in log
    states = base / "checkpoints/latest.states"
    assert states.is_file() and pickle.loads(states.read_bytes())["epoch"] >= 1
    assert not (base / "output/failure").exists() and not (base / "model/inference").exists()
