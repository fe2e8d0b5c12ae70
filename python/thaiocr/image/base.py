"""Base images pinned by digest: the `FROM` line of each Dockerfile names `image:tag@sha256:...`, so a
rebuild of the same commit starts from the same bytes. `thaiocr image pin-base` re-resolves each tag in its
registry and rewrites the digest (the way to move to a patched base); a build refuses an unpinned base."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

from thaiocr.errors import UserError
from thaiocr.paths import repo_root

DOCKERFILES = ("docker/train.Dockerfile", "docker/serve.Dockerfile")
_FROM = re.compile(r"^FROM\s+(?P<ref>\S+)(?P<rest>.*)$", re.M)
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def base_image(dockerfile: str) -> str:
    m = _FROM.search((repo_root() / dockerfile).read_text(encoding="utf-8"))
    if not m:
        raise UserError(f"{dockerfile} has no FROM line")
    return m.group("ref")


def is_pinned(ref: str) -> bool:
    return bool(_DIGEST.search(ref))


def require_pinned(dockerfile: str) -> str:
    ref = base_image(dockerfile)
    if not is_pinned(ref):
        raise UserError(f"{dockerfile} starts FROM {ref}, a tag without a digest, so a rebuild could start from "
                        "other bytes", hint="run 'thaiocr image pin-base' (needs Docker and the registry) and commit it")
    return ref


def resolve(tag_ref: str) -> str:
    """The registry's current digest of `image:tag` (the multi-platform index when there is one)."""
    if shutil.which("docker") is None:
        raise UserError("docker is not installed: cannot ask the registry for the digest of " + tag_ref)
    proc = subprocess.run(["docker", "buildx", "imagetools", "inspect", tag_ref, "--format", "{{json .Manifest}}"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise UserError(f"cannot resolve {tag_ref}: {(proc.stderr.strip().splitlines() or ['no answer'])[-1]}")
    digest = json.loads(proc.stdout).get("digest", "")
    if not digest.startswith("sha256:"):
        raise UserError(f"the registry gave no sha256 digest for {tag_ref}")
    return digest


def pin(dockerfile: str, resolver=resolve) -> str:
    """Rewrite the FROM line of `dockerfile` to its tag's current digest; returns the new reference."""
    path = repo_root() / dockerfile
    text = path.read_text(encoding="utf-8")
    m = _FROM.search(text)
    if not m:
        raise UserError(f"{dockerfile} has no FROM line")
    tag_ref = m.group("ref").split("@", 1)[0]
    ref = f"{tag_ref}@{resolver(tag_ref)}"
    path.write_text(text[:m.start()] + f"FROM {ref}{m.group('rest')}" + text[m.end():], encoding="utf-8")
    return ref


def pin_all(resolver=resolve) -> list[str]:
    return [f"{d}: {pin(d, resolver)}" for d in DOCKERFILES if (repo_root() / d).is_file()]
