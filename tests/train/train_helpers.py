"""The relocatable /opt/ml tree the train tests run the entrypoint in (the dataset comes from the package)."""
from __future__ import annotations

import json
from pathlib import Path

from thaiocr.train.tiny_dataset import write_dataset

__all__ = ["write_dataset", "write_opt_ml"]


def write_opt_ml(base: Path, dataset: Path | None, hyperparameters: dict[str, str] | None = None,
                 resourceconfig: dict | None = None, pretrained: Path | None = None) -> Path:
    """The files SageMaker would put in /opt/ml before starting the container."""
    config = base / "input" / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "hyperparameters.json").write_text(json.dumps(hyperparameters or {}), encoding="utf-8")
    (config / "resourceconfig.json").write_text(json.dumps(
        resourceconfig or {"current_host": "algo-1", "hosts": ["algo-1"], "network_interface_name": "eth0"}))
    channels = {}
    if dataset is not None:
        link = base / "input" / "data" / "training"
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(dataset, target_is_directory=True)
        channels["training"] = {"TrainingInputMode": "File"}
    if pretrained is not None:
        d = base / "input" / "data" / "pretrained"
        d.mkdir(parents=True, exist_ok=True)
        (d / pretrained.name).write_bytes(pretrained.read_bytes())
        channels["pretrained"] = {"TrainingInputMode": "File"}
    (config / "inputdataconfig.json").write_text(json.dumps(channels))
    return base
