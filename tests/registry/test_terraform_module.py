"""terraform/modules/model_registry with the terraform binary, offline: its variable rules fail at plan
time with their message (plans on a copy of variables.tf alone, no provider download)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

TERRAFORM = shutil.which("terraform")
MODULE = Path(__file__).resolve().parents[2] / "terraform/modules/model_registry"
pytestmark = pytest.mark.skipif(TERRAFORM is None, reason="terraform is not installed (CI's workflow runs it)")
GOOD = ["-var=name_prefix=thai-ocr-dev", "-var=bucket_arn=arn:aws:s3:::thai-ocr-dev-data",
        "-var=kms_key_arn=arn:aws:kms:us-east-1:1:key/k"]


def _plan(tmp_path, *args):
    work = tmp_path / "vars"
    work.mkdir(exist_ok=True)
    shutil.copy(MODULE / "variables.tf", work / "variables.tf")
    env = dict(os.environ, TF_IN_AUTOMATION="1", TF_INPUT="0", TF_CLI_CONFIG_FILE=os.devnull,
               TF_DATA_DIR=str(tmp_path / ".terraform"), CHECKPOINT_DISABLE="1")
    run = lambda *a: subprocess.run([TERRAFORM, *a], cwd=work, env=env, capture_output=True, text=True, timeout=120)  # noqa: E731
    assert run("init", "-backend=false", "-no-color").returncode == 0
    return run("plan", "-no-color", *args)


def test_good_values_plan(tmp_path):
    proc = _plan(tmp_path, *GOOD)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("override, message", [
    ("name_prefix=Thai_OCR", "name_prefix must be 3-42 lower-case"),
    ("bucket_arn=arn:aws:s3:::b/*", "bucket_arn must be an S3 bucket ARN"),
    ("keep_images=0", "keep_images must be a whole number from 1 to 1000"),
    ("async_prefix=async", "async_prefix must be one path segment ending in /"),
    ("permissions_boundary_arn=boundary", "permissions_boundary_arn must be an IAM managed policy ARN"),
])
def test_bad_values_fail_with_the_rule(override, message, tmp_path):
    proc = _plan(tmp_path, *GOOD, f"-var={override}")
    assert proc.returncode != 0 and message in " ".join(proc.stderr.split()), proc.stderr
