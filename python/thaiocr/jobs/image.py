"""The training image by digest: a tag can be moved after submission, a digest cannot, so a job's
record says exactly which bytes ran. The image is found by the commit it was built from."""
from __future__ import annotations

import hashlib
import json

from thaiocr.errors import UserError

MIN_SHA_TAG = 7


def repository_name(repository_url: str) -> str:
    return repository_url.split("/", 1)[1] if "/" in repository_url else repository_url


def _matches(tag: str, sha: str | None, wanted: str | None) -> bool:
    if wanted:
        return tag == wanted
    return bool(sha) and len(tag) >= MIN_SHA_TAG and sha.startswith(tag)


def find(ecr, repository_url: str, env: str, sha: str | None, tag: str | None = None) -> str:
    """`<repository_url>@sha256:...` of the image tagged `tag` (else with this commit's SHA)."""
    if not tag and not sha:
        raise UserError("cannot tell which image to train with: this is not a git checkout",
                        hint=f"set training.image_tag in configs/envs/{env}.yaml")
    repo = repository_name(repository_url)
    try:
        pages = ecr.get_paginator("describe_images").paginate(repositoryName=repo, filter={"tagStatus": "TAGGED"})
        for page in pages:
            for detail in page.get("imageDetails", []):
                if any(_matches(t, sha, tag) for t in detail.get("imageTags", [])):
                    return f"{repository_url}@{detail['imageDigest']}"
    except Exception as exc:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
        if code != "RepositoryNotFoundException":
            raise
        raise UserError(f"ECR repository {repo} does not exist in env '{env}'", hint=f"run 'make infra ENV={env}'") from None
    what = f"tag {tag}" if tag else f"commit {sha[:12]}"
    raise UserError(f"no training image for {what} in ECR repository {repo}", hint=f"run 'make image ENV={env}'")


def register_local(ecr, repository_url: str, tag: str) -> str:
    """ENV=local trains from the working tree, not an image; a stand-in manifest tagged with the commit
    lets the same lookup, preflight and request code run as for dev."""
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 0,
                   "digest": "sha256:" + hashlib.sha256(tag.encode()).hexdigest()},
        "layers": [],
        "annotations": {"thaiocr.local": "the working tree, run as a subprocess"},
    })
    repo = repository_name(repository_url)
    try:  # asked first: moto answers put_image on a missing repository with a bare 500
        ecr.describe_repositories(repositoryNames=[repo])
        ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag=tag)
    except Exception as exc:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
        if code == "RepositoryNotFoundException":
            raise UserError(f"ECR repository {repo} does not exist in the local stack (it keeps its state in "
                            "memory, so a restarted stack starts empty)", hint="run 'make infra ENV=local'") from None
        if code not in {"ImageAlreadyExistsException"}:
            raise
    return tag
