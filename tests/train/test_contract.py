"""The /opt/ml contract: relocatable root, config files, channels, GPUs, failure file."""
import json

import pytest

from thaiocr.errors import UserError
from thaiocr.train import contract


def test_root_is_relocatable(tmp_path, monkeypatch):
    monkeypatch.setenv("SAGEMAKER_BASE_DIR", str(tmp_path))
    p = contract.paths()
    assert p.hyperparameters_file == tmp_path / "input/config/hyperparameters.json"
    assert p.resourceconfig_file == tmp_path / "input/config/resourceconfig.json"
    assert p.inputdataconfig_file == tmp_path / "input/config/inputdataconfig.json"
    assert p.channel_dir("training") == tmp_path / "input/data/training"
    assert p.checkpoints_dir == tmp_path / "checkpoints"
    assert p.model_dir == tmp_path / "model"
    assert p.failure_file == tmp_path / "output/failure"


def test_default_root(monkeypatch):
    monkeypatch.delenv("SAGEMAKER_BASE_DIR", raising=False)
    assert str(contract.paths().base) == "/opt/ml"


def test_hyperparameters_are_strings(tmp_path):
    p = contract.paths(tmp_path)
    p.config_dir.mkdir(parents=True)
    p.hyperparameters_file.write_text(json.dumps({"epochs": "3", "amp": True, "lr": 0.1}))
    assert contract.read_hyperparameters(p) == {"epochs": "3", "amp": "true", "lr": "0.1"}


def test_bad_json_is_a_user_error(tmp_path):
    p = contract.paths(tmp_path)
    p.config_dir.mkdir(parents=True)
    p.hyperparameters_file.write_text("{nope")
    with pytest.raises(UserError, match="hyperparameters.json is not valid JSON"):
        contract.read_hyperparameters(p)


def test_resourceconfig(tmp_path):
    p = contract.paths(tmp_path)
    assert contract.read_resourceconfig(p).hosts == ["algo-1"]
    p.config_dir.mkdir(parents=True)
    p.resourceconfig_file.write_text(json.dumps(
        {"current_host": "algo-2", "hosts": ["algo-2", "algo-1", "algo-3"], "network_interface_name": "eth0"}))
    rc = contract.read_resourceconfig(p)
    assert (rc.master_host, rc.host_rank, rc.num_hosts, rc.network_interface) == ("algo-1", 1, 3, "eth0")


def test_channels_and_failure(tmp_path):
    p = contract.paths(tmp_path)
    (p.data_dir / "training").mkdir(parents=True)
    (p.data_dir / "pretrained").mkdir()
    assert set(contract.channels(p)) == {"training", "pretrained"}
    contract.write_failure("line one\nline two " + "x" * 2000, p)
    text = p.failure_file.read_text()
    assert text.startswith("line one line two") and len(text) <= 1025


def test_num_gpus(monkeypatch):
    monkeypatch.setenv("THAIOCR_NUM_GPUS", "4")
    assert contract.num_gpus() == 4
    monkeypatch.delenv("THAIOCR_NUM_GPUS")
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    assert contract.num_gpus() == 2
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert contract.num_gpus() == 0
