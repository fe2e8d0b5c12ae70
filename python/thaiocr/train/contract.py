"""The SageMaker bring-your-own-container training contract, in one place.

SageMaker (and the local runner, which relocates the root with SAGEMAKER_BASE_DIR) talks to the
container only through files under /opt/ml; everything here reads or names those files so that the
entrypoint, the local runner and the tests agree on one layout. Stdlib only: the local runner and
submission import it without paddle.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thaiocr.errors import UserError

DEFAULT_BASE_DIR = "/opt/ml"
BASE_DIR_ENV = "SAGEMAKER_BASE_DIR"

# Channel names the entrypoint understands; submission uses the same names.
TRAINING_CHANNEL = "training"
VALIDATION_CHANNEL = "validation"
PRETRAINED_CHANNEL = "pretrained"
REPLAY_CHANNEL = "replay"  # a base model's dataset, mixed in by `replay_fraction` (train.replay)


def base_dir() -> Path:
    return Path(os.environ.get(BASE_DIR_ENV) or DEFAULT_BASE_DIR)


@dataclass(frozen=True)
class Paths:
    """Every path of the contract under one root (the real /opt/ml, or a relocated one)."""

    base: Path

    @property
    def input_dir(self) -> Path:
        return self.base / "input"

    @property
    def config_dir(self) -> Path:
        return self.input_dir / "config"

    @property
    def hyperparameters_file(self) -> Path:
        return self.config_dir / "hyperparameters.json"

    @property
    def resourceconfig_file(self) -> Path:
        return self.config_dir / "resourceconfig.json"

    @property
    def inputdataconfig_file(self) -> Path:
        return self.config_dir / "inputdataconfig.json"

    @property
    def data_dir(self) -> Path:
        return self.input_dir / "data"

    def channel_dir(self, name: str) -> Path:
        return self.data_dir / name

    @property
    def checkpoints_dir(self) -> Path:
        return self.base / "checkpoints"

    @property
    def model_dir(self) -> Path:
        return self.base / "model"

    @property
    def output_dir(self) -> Path:
        return self.base / "output"

    @property
    def output_data_dir(self) -> Path:
        return self.output_dir / "data"

    @property
    def failure_file(self) -> Path:
        return self.output_dir / "failure"

    def create(self) -> "Paths":
        """Make the writable directories (SageMaker makes them; a local run may not have)."""
        for d in (self.checkpoints_dir, self.model_dir, self.output_dir, self.output_data_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


def paths(base: str | os.PathLike | None = None) -> Paths:
    return Paths(Path(base) if base is not None else base_dir())


def _read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8") or "null") or default
    except json.JSONDecodeError as exc:
        raise UserError(f"{path.name} is not valid JSON ({exc.msg} at line {exc.lineno})") from None


def read_hyperparameters(p: Paths | None = None) -> dict[str, str]:
    """Hyperparameters as SageMaker passes them: every value a string (non-strings are stringified)."""
    p = p or paths()
    data = _read_json(p.hyperparameters_file, {})
    if not isinstance(data, dict):
        raise UserError("hyperparameters.json must hold a JSON object")
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}


@dataclass(frozen=True)
class ResourceConfig:
    current_host: str
    hosts: list[str]
    network_interface: str | None = None

    @property
    def num_hosts(self) -> int:
        return len(self.hosts)

    @property
    def master_host(self) -> str:
        """SageMaker lists hosts in the same order on every host; the first sorted one leads."""
        return sorted(self.hosts)[0]

    @property
    def host_rank(self) -> int:
        return sorted(self.hosts).index(self.current_host)


def read_resourceconfig(p: Paths | None = None) -> ResourceConfig:
    """The cluster this job runs on; a missing file means one local host."""
    p = p or paths()
    data = _read_json(p.resourceconfig_file, {})
    host = str(data.get("current_host") or "algo-1")
    hosts = [str(h) for h in (data.get("hosts") or [host])]
    if host not in hosts:
        raise UserError(f"resourceconfig.json: current_host {host!r} is not among hosts {hosts}")
    return ResourceConfig(current_host=host, hosts=hosts, network_interface=data.get("network_interface_name"))


def channels(p: Paths | None = None) -> dict[str, Path]:
    """Channels present on disk (inputdataconfig lists what was asked; the disk says what arrived)."""
    p = p or paths()
    if not p.data_dir.is_dir():
        return {}
    return {d.name: d for d in sorted(p.data_dir.iterdir()) if d.is_dir()}


def num_gpus() -> int:
    """GPUs visible to this container: THAIOCR_NUM_GPUS, CUDA_VISIBLE_DEVICES, else what the driver lists."""
    override = os.environ.get("THAIOCR_NUM_GPUS")  # tests and CPU-only local runs
    if override is not None:
        return int(override)
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        return len([v for v in visible.split(",") if v.strip() and v.strip() != "-1"])
    dev = Path("/proc/driver/nvidia/gpus")
    if dev.is_dir():
        return len(list(dev.iterdir()))
    import shutil
    import subprocess

    if shutil.which("nvidia-smi"):
        try:
            out = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            return 0
        return sum(1 for line in out.splitlines() if line.startswith("GPU "))
    return 0


def write_failure(reason: str, p: Paths | None = None) -> Path:
    """SageMaker shows the first 1024 characters of this file as the job's FailureReason."""
    p = p or paths()
    p.failure_file.parent.mkdir(parents=True, exist_ok=True)
    text = " ".join(str(reason).split())[:1024]
    p.failure_file.write_text(text + "\n", encoding="utf-8")
    return p.failure_file
