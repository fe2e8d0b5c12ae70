"""Third-party noise stays off our commands' terminal."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_no_ccache_warning_once_thaiocr_is_imported():
    pytest.importorskip("paddle")
    proc = subprocess.run([sys.executable, "-c", "import thaiocr, paddle"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO / "python")})
    assert proc.returncode == 0 and "ccache" not in proc.stderr, proc.stderr


def test_make_help_has_no_colour_codes_when_piped():
    proc = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "\033[" not in proc.stdout and "demo" in proc.stdout
