"""The SageMaker Processing container contract, in one place: inputs under /opt/ml/processing/input/<name>,
outputs under /opt/ml/processing/output/<name>, the job and cluster in /opt/ml/config/{processingjobconfig,
resourceconfig}.json, an exit message in /opt/ml/output/message. The root moves with SAGEMAKER_BASE_DIR
(the local runner gives each host its own). Stdlib only."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

BASE_DIR_ENV = "SAGEMAKER_BASE_DIR"
CONTAINER_BASE = "/opt/ml"
SPEC_INPUT = "spec"        # the dataset spec (FullyReplicated)
PDF_INPUT = "pdfs"         # the documents to import (ShardedByS3Key)
REPORT_OUTPUT = "reports"  # one JSON per host: what it rendered, skipped and how fast (EndOfJob)


@dataclass(frozen=True)
class Paths:
    base: Path

    def input_dir(self, name: str) -> Path:
        return self.base / "processing" / "input" / name

    def output_dir(self, name: str) -> Path:
        return self.base / "processing" / "output" / name

    @property
    def scratch_dir(self) -> Path:
        """Local working space for rendering before upload (the instance's ML storage volume)."""
        return self.base / "processing" / "scratch"

    @property
    def jobconfig_file(self) -> Path:
        return self.base / "config" / "processingjobconfig.json"

    @property
    def resourceconfig_file(self) -> Path:
        return self.base / "config" / "resourceconfig.json"

    @property
    def message_file(self) -> Path:
        return self.base / "output" / "message"


def container_path(local_path: str, base: Path) -> Path:
    """A request's LocalPath (/opt/ml/processing/...) under a relocated root."""
    rel = Path(local_path).relative_to(CONTAINER_BASE)
    return Path(base) / rel


def paths(base: str | os.PathLike | None = None) -> Paths:
    return Paths(Path(base if base is not None else os.environ.get(BASE_DIR_ENV) or CONTAINER_BASE))


@dataclass(frozen=True)
class Cluster:
    current_host: str
    hosts: list[str]

    @property
    def rank(self) -> int:
        """Hosts sorted by number (algo-2 before algo-10): the same order on every instance."""
        return self.ordered.index(self.current_host)

    @property
    def ordered(self) -> list[str]:
        return sorted(self.hosts, key=lambda h: (len(h), h))

    @property
    def count(self) -> int:
        return len(self.hosts)


def read_cluster(p: Paths) -> Cluster:
    """resourceconfig.json; absent means one host (a plain `python -m thaiocr.processing` run)."""
    try:
        data = json.loads(p.resourceconfig_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    host = str(data.get("current_host") or "algo-1")
    hosts = [str(h) for h in (data.get("hosts") or [host])]
    return Cluster(host, hosts)


def read_jobconfig(p: Paths) -> dict:
    try:
        return json.loads(p.jobconfig_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def write_message(p: Paths, text: str) -> None:
    """SageMaker shows this file's first 1 KB as the job's ExitMessage."""
    p.message_file.parent.mkdir(parents=True, exist_ok=True)
    p.message_file.write_text(" ".join(str(text).split())[:1024] + "\n", encoding="utf-8")
