"""CI's contract: .ci/run runs `make test` and fails when a paddleocr-marked test is skipped."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _pytest(tmp_path, require: str) -> subprocess.CompletedProcess:
    test = tmp_path / "test_skipped.py"
    test.write_text("import pytest\n\n@pytest.mark.paddleocr\ndef test_real():\n    pytest.skip('no tree')\n\n"
                    "def test_other():\n    pytest.skip('fine')\n")
    env = {**os.environ, "THAIOCR_REQUIRE_PADDLEOCR": require, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'python'}"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull,
                           "-p", "tests.conftest", str(test)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600)


def test_a_skipped_paddleocr_test_fails_when_required(tmp_path):
    proc = _pytest(tmp_path, "1")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 failed, 1 skipped" in proc.stdout and "requires it to run: " in proc.stdout


def test_skips_stay_skips_outside_ci(tmp_path):
    proc = _pytest(tmp_path, "")
    assert proc.returncode == 0 and "2 skipped" in proc.stdout, proc.stdout + proc.stderr


def test_ci_script_requires_the_paddleocr_tests_and_runs_make_test():
    text = (REPO / ".ci/run").read_text()
    assert "THAIOCR_REQUIRE_PADDLEOCR=1" in text and "paddleocr" in text
    assert text.rstrip().splitlines()[-1] == "make test"
