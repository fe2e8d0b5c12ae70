"""Where the PaddleOCR training source lives, in this order:

1. PADDLEOCR_HOME (an explicit choice: used even if it is not the pinned commit);
2. <repo>/.cache/PaddleOCR (what `make paddleocr` fetches);
3. <repo>/../shared/PaddleOCR (a read-only copy beside the project on shared machines);
4. the pinned fetch into .cache/PaddleOCR, when the caller allows it (the demo does).

Found trees (2, 3) are used only when their git tree ids match the pin (thaiocr.upstream.pins); the check
is cached in .cache/ keyed on the tree's file sizes and times, so it is paid once, not per command.
The trainer and exporter are PaddleOCR's own tools/*.py, run from this tree: a missing tree is a user
problem with one fix, so it is a one-line error naming that fix.
"""
from __future__ import annotations

import os
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.upstream import fetch as paddleocr_fetch
from thaiocr.upstream import pins


def default_home() -> Path:
    """Where `make paddleocr` puts the pinned source."""
    return paddleocr_fetch.default_target()


shared_home = paddleocr_fetch.shared_home
mismatches = paddleocr_fetch.verify  # cached: the parts whose git tree id differs from the pin


def _has_tools(home: Path) -> bool:
    return (home / "tools" / "train.py").is_file()


def describe(home: Path) -> str:
    bad = mismatches(home)
    if not bad:
        return f"{home} (pinned commit {pins.PADDLEOCR_COMMIT[:12]}, tree ids verified)"
    return f"{home} (NOT the pinned commit {pins.PADDLEOCR_COMMIT[:12]}: {', '.join(bad)} differ)"


def paddleocr_home(required: bool = True, fetch: bool = False) -> Path | None:
    """The tree to train with (see the module docstring for the order); None when absent and not required."""
    env = os.environ.get("PADDLEOCR_HOME")
    if env:
        if _has_tools(Path(env)):
            return Path(env).resolve()
        if required:
            raise UserError(f"PADDLEOCR_HOME={env} has no PaddleOCR source (tools/train.py missing)",
                            hint="point it at a PaddleOCR checkout, or unset it and run 'make paddleocr'")
        return None
    stale = []
    for home in (default_home(), shared_home()):
        if _has_tools(home):
            if not mismatches(home):
                return home.resolve()
            stale.append(str(home))
    if fetch:
        print(paddleocr_fetch.fetch(force=str(default_home()) in stale), flush=True)
        return default_home().resolve()
    if required:
        found = f" ({', '.join(stale)}: not the pinned commit)" if stale else ""
        raise UserError(f"no PaddleOCR source at the pinned commit {pins.PADDLEOCR_COMMIT[:12]}{found}",
                        hint="run 'make paddleocr' (needs github.com) or set PADDLEOCR_HOME to a checkout")
    return None
