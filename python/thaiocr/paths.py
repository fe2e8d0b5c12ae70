"""Where things live: the repository root, local state (.local/) and caches (.cache/)."""
from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The project root: THAIOCR_ROOT, else the checkout this package was installed from."""
    env = os.environ.get("THAIOCR_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def local_dir() -> Path:
    """Git-ignored state of the local stack (moto server, local jobs, datasets)."""
    return Path(os.environ.get("THAIOCR_LOCAL_DIR", repo_root() / ".local"))


def cache_dir() -> Path:
    return Path(os.environ.get("THAIOCR_CACHE_DIR", repo_root() / ".cache"))


def configs_dir() -> Path:
    return repo_root() / "configs"
