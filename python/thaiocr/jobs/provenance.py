"""The commit a job is built from, so every job can be traced to the code and image that ran it."""
from __future__ import annotations

import subprocess

from thaiocr.paths import repo_root


def git_sha() -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(repo_root()), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    sha = proc.stdout.strip()
    return sha if proc.returncode == 0 and sha else None
