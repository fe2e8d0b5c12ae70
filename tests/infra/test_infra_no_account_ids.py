"""No account ID written down outside tests: names and ARNs come from data sources and outputs."""
from __future__ import annotations

import re

from infra_tf import REPO

SCANNED = ("python", "terraform", ".github", "configs", "docker", "docs")
SUFFIXES = {".py", ".tf", ".tfvars", ".hcl", ".yml", ".yaml", ".json", ".md", ".sh", ".toml"}
ACCOUNT = re.compile(r"(?<![\w.-])\d{12}(?![\w-])|arn:aws[\w-]*:iam::\d")


def _files():
    for top in SCANNED:
        for path in (REPO / top).rglob("*"):
            if path.is_file() and (path.suffix in SUFFIXES or "Dockerfile" in path.name) \
                    and ".terraform" not in path.parts and path.stat().st_size < 2_000_000:
                yield path
    yield REPO / "Makefile"
    yield REPO / "README.md"


def test_no_hard_coded_account_ids():
    found = []
    for path in _files():
        if not path.exists():
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if ACCOUNT.search(line):
                found.append(f"{path.relative_to(REPO)}:{no}: {line.strip()[:120]}")
    assert not found, "account IDs written down:\n" + "\n".join(found)
