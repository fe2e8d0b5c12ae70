"""Fixtures for the training entrypoint tests: a tiny dataset and a relocated /opt/ml."""
from __future__ import annotations

from pathlib import Path

import pytest

from train_helpers import write_dataset, write_opt_ml

FAKE_PADDLEOCR = Path(__file__).parent / "fake_paddleocr"


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("dataset") / "tiny")


@pytest.fixture
def opt_ml(tmp_path, monkeypatch, tiny_dataset):
    """A relocated /opt/ml with the tiny dataset as its training channel and the stand-in trainer."""
    base = tmp_path / "opt_ml"
    monkeypatch.setenv("SAGEMAKER_BASE_DIR", str(base))
    monkeypatch.setenv("PADDLEOCR_HOME", str(FAKE_PADDLEOCR))
    monkeypatch.setenv("THAIOCR_NUM_GPUS", "0")
    monkeypatch.setenv("FAKE_TRAIN_RECORD", str(tmp_path / "trainer_runs.json"))

    def make(hyperparameters=None, **kwargs):
        hp = {"config": "th_cpu_tiny", "epochs": "2", "evaluate": "false"}
        hp.update(hyperparameters or {})
        return write_opt_ml(base, kwargs.pop("dataset", tiny_dataset), hp, **kwargs)

    return make
