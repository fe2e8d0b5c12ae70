"""Training-job names: SageMaker allows at most 63 characters of `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` and
never reuses one, so a name carries the project, the config, a UTC timestamp and a random suffix."""
from __future__ import annotations

import re
import secrets
import time

PROJECT = "thaiocr"
MAX_LEN = 63
NAME_RE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


def is_valid(name: str) -> bool:
    return len(name) <= MAX_LEN and bool(NAME_RE.match(name))


def _slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-zA-Z0-9]+", "-", text)).strip("-").lower()


def job_name(config: str, now: float | None = None, suffix: str | None = None) -> str:
    """`thaiocr-<config>-<yyyymmdd-hhmmss>-<4 hex>`, the config part cut so the whole fits in 63."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(time.time() if now is None else now))
    suffix = _slug(suffix or secrets.token_hex(2))
    tail = f"-{stamp}-{suffix}"
    room = MAX_LEN - len(PROJECT) - 1 - len(tail)
    middle = _slug(config)[:room].strip("-")
    name = f"{PROJECT}-{middle}{tail}" if middle else f"{PROJECT}{tail}"
    assert is_valid(name), name
    return name


def is_ours(name: str) -> bool:
    """Jobs this project submitted (the account may hold other teams' jobs)."""
    return name.startswith(f"{PROJECT}-")
