"""Where the PaddleOCR training source lives: PADDLEOCR_HOME, else <repo>/.cache/PaddleOCR.

The trainer and exporter are PaddleOCR's own tools/*.py, run from this tree; a missing tree is a user
problem with one fix, so it is a one-line error naming that fix.
"""
from __future__ import annotations

import os
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import cache_dir


def default_home() -> Path:
    return cache_dir() / "PaddleOCR"


def paddleocr_home(required: bool = True) -> Path | None:
    env = os.environ.get("PADDLEOCR_HOME")
    home = Path(env) if env else default_home()
    if (home / "tools" / "train.py").is_file():
        return home.resolve()
    if required:
        raise UserError(f"no PaddleOCR source at {home} (tools/train.py missing)",
                        hint="run 'make paddleocr' or set PADDLEOCR_HOME")
    return None
