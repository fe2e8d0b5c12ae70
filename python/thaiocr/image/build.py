"""`thaiocr image build --env ENV`: build docker/train.Dockerfile, tag it with the commit, push to ECR.

The tag is the git SHA so a job's image can be traced to its source (submission finds the image by
that tag and pins its digest). A dirty tree would make that tag lie, so it is refused unless FORCE=1.
ECR tags are immutable: when this commit's tag is already there, nothing is built or pushed (a rerun of
a deploy succeeds instead of failing at push). The base image must be pinned by digest (image/base.py).
"""
from __future__ import annotations

import base64
import os
import shutil
import subprocess

from thaiocr.errors import UserError
from thaiocr.image import pins
from thaiocr.paths import repo_root

DOCKERFILE = "docker/train.Dockerfile"
SERVE_DOCKERFILE = "docker/serve.Dockerfile"  # tagged serve-<sha> in the same repository (the registry's deploy)
SERVE_TAG_PREFIX = "serve-"
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
    """Only ARGs the Dockerfile declares (a test parses it), plus labels that trace the image."""
    return ["--build-arg", f"PADDLEOCR_COMMIT={pins.PADDLEOCR_COMMIT}",
            "--label", f"org.opencontainers.image.revision={sha}",
            "--label", f"org.opencontainers.image.source={pins.PADDLEOCR_REPO}@{pins.PADDLEOCR_COMMIT}"]


def tag_exists(env: str, repository_url: str, tag: str) -> bool:
    """Whether ECR already holds `tag` (immutable tags: pushing it again would fail)."""
    from botocore.exceptions import ClientError

    from thaiocr.aws.session import client
    from thaiocr.jobs.image import repository_name

    try:
        found = client("ecr", env).describe_images(repositoryName=repository_name(repository_url),
                                                   imageIds=[{"imageTag": tag}])
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "ImageNotFoundException":
            return False
        if code == "RepositoryNotFoundException":
            raise UserError(f"ECR repository {repository_name(repository_url)} does not exist in env '{env}'",
                            hint=f"run 'make infra ENV={env}'") from None
        raise
    return bool(found.get("imageDetails"))


def docker_build(image: str, sha: str, dockerfile: str = DOCKERFILE) -> None:
    args = build_args(sha) if dockerfile == DOCKERFILE else build_args(sha)[2:]  # only train declares the ARG
    cmd = ["docker", "build", "-f", dockerfile, "-t", image, *args, "."]
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


def build(env: str, force: bool | None = None, serve: bool = False) -> int:
    """The training image as `<repo>:<sha>`, or with `serve` the serving image as `<repo>:serve-<sha>`."""
    force = bool(os.environ.get("FORCE")) if force is None else force
    dockerfile = SERVE_DOCKERFILE if serve else DOCKERFILE
    what = "serving" if serve else "training"
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
    sha = source_commit(force)
    from thaiocr.infra.outputs import load

    repository_url = load(env).repository_url
    tag = f"{SERVE_TAG_PREFIX}{sha}" if serve else sha
    image = f"{repository_url}:{tag}"
    if tag_exists(env, repository_url, tag):
        print(f"{image} is already in ECR: nothing to build or push (tags are immutable)")
        return 0
    why = docker_ready()
    if why:
        raise UserError(f"cannot build the {what} image: {why}", hint="make image needs a Docker engine")
    from thaiocr.image.base import require_pinned

    require_pinned(dockerfile)
    if serve:
        docker_build(image, sha, dockerfile)
    else:
        docker_build(image, sha)
    ecr_login(env, repository_url)
    print(f"+ docker push {image}", flush=True)
    if subprocess.run(["docker", "push", image]).returncode != 0:
        raise UserError(f"docker push {image} failed (its output is above)")
    print(f"pushed {image}")
    return 0
