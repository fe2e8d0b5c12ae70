"""`thaiocr image build --env ENV`: build docker/train.Dockerfile, tag it with the commit, push to ECR.

The tag is the git SHA so a job's image can be traced to its source (submission finds the image by
that tag and pins its digest). A dirty tree would make that tag lie, so it is refused unless FORCE=1.
"""
from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.image import pins
from thaiocr.paths import repo_root

DOCKERFILE = "docker/train.Dockerfile"
LOCAL_IMAGE = "thaiocr-train"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=repo_root(), capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise UserError("not a git checkout: the image tag is the commit it was built from") from None


def source_commit(force: bool) -> str:
    sha = _git("rev-parse", "HEAD")
    if _git("status", "--porcelain", "--untracked-files=no") and not force:
        raise UserError("the work tree has uncommitted changes, so the image would not match its tag "
                        f"{sha[:12]}", hint="commit first, or FORCE=1 make image")
    return sha


def docker_ready() -> str | None:
    """None when a Docker engine answers, else why not (one line)."""
    if shutil.which("docker") is None:
        return "docker is not installed"
    probe = subprocess.run(["docker", "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True)
    if probe.returncode != 0:
        return "the Docker engine is not reachable (" + (probe.stderr.strip().splitlines() or ["no answer"])[-1] + ")"
    return None


def build_args(sha: str) -> list[str]:
    return ["--build-arg", f"PADDLEOCR_TAG={pins.PADDLEOCR_TAG}",
            "--build-arg", f"PADDLEOCR_COMMIT={pins.PADDLEOCR_COMMIT}",
            "--label", f"org.opencontainers.image.revision={sha}",
            "--label", f"org.opencontainers.image.source={pins.PADDLEOCR_REPO}@{pins.PADDLEOCR_TAG}"]


def docker_build(image: str, sha: str) -> None:
    cmd = ["docker", "build", "-f", DOCKERFILE, "-t", image, *build_args(sha), "."]
    print("+ " + " ".join(cmd), flush=True)
    if subprocess.run(cmd, cwd=repo_root()).returncode != 0:
        raise UserError("docker build failed (its output is above)")


def ecr_login(env: str, repository_url: str) -> None:
    from thaiocr.aws.session import client

    auth = client("ecr", env).get_authorization_token()["authorizationData"][0]
    user, _, password = base64.b64decode(auth["authorizationToken"]).decode().partition(":")
    registry = repository_url.split("/", 1)[0]
    proc = subprocess.run(["docker", "login", "--username", user, "--password-stdin", registry],
                          input=password, capture_output=True, text=True)
    if proc.returncode != 0:
        raise UserError(f"docker login to {registry} failed: {proc.stderr.strip().splitlines()[-1:]}")


def build(env: str, force: bool | None = None) -> int:
    force = bool(os.environ.get("FORCE")) if force is None else force
    if env == "local":
        print("ENV=local trains in this environment: `make train ENV=local` runs thaiocr-train as a subprocess "
              "with PaddleOCR from .cache/PaddleOCR (make paddleocr); no image is needed or pushed.")
        why = docker_ready()
        if why:
            print(f"(not building the image locally: {why})")
            return 0
        sha = source_commit(force=True)
        docker_build(f"{LOCAL_IMAGE}:{sha[:12]}", sha)
        print(f"built {LOCAL_IMAGE}:{sha[:12]} (local only)")
        return 0
    why = docker_ready()
    if why:
        raise UserError(f"cannot build the training image: {why}", hint="make image needs a Docker engine")
    sha = source_commit(force)
    from thaiocr.infra.outputs import load

    repository_url = load(env).repository_url
    image = f"{repository_url}:{sha}"
    docker_build(image, sha)
    ecr_login(env, repository_url)
    print(f"+ docker push {image}", flush=True)
    if subprocess.run(["docker", "push", image]).returncode != 0:
        raise UserError(f"docker push {image} failed (its output is above)")
    print(f"pushed {image}")
    return 0


def dockerfile() -> Path:
    return repo_root() / DOCKERFILE
