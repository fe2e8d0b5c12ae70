"""What the terraform binary can check offline: formatting, and that bad tfvars fail at plan time with
the validation message. Plans run on copies of the variable declarations alone, which need no provider
download; full `terraform validate` and `plan` run in GitHub Actions (.github/workflows/ci.yml)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from infra_tf import ENVS, ENVS_DIR, MODULES_DIR, TF

TERRAFORM = shutil.which("terraform")
pytestmark = pytest.mark.skipif(TERRAFORM is None, reason="terraform is not installed (CI's workflow runs it)")


def _tf(*args: str, cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TF_IN_AUTOMATION="1", TF_INPUT="0", TF_CLI_CONFIG_FILE=os.devnull,
               TF_DATA_DIR=str(tmp_path / ".terraform"), CHECKPOINT_DISABLE="1")
    return subprocess.run([TERRAFORM, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_terraform_fmt_check(tmp_path):
    proc = _tf("fmt", "-check", "-recursive", "-diff", "-no-color", str(TF), cwd=TF, tmp_path=tmp_path)
    assert proc.returncode == 0, f"run 'terraform fmt -recursive terraform':\n{proc.stdout}"


def _variables_only(source: Path, tmp_path: Path) -> Path:
    work = tmp_path / "vars"
    work.mkdir()
    shutil.copy(source / "variables.tf", work / "variables.tf")
    proc = _tf("init", "-backend=false", "-no-color", cwd=work, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return work


@pytest.mark.parametrize("env", ENVS)
def test_committed_tfvars_pass_validation(env, tmp_path):
    work = _variables_only(ENVS_DIR / env, tmp_path)
    proc = _tf("plan", "-no-color", f"-var-file={ENVS_DIR / env / 'terraform.tfvars'}", cwd=work, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("override, message", [
    ("environment=staging", "environment must be dev or prod."),
    ("log_retention_days=42", "log_retention_days must be one of"),
    ("alert_email=ops-at-example", "alert_email must be an e-mail address"),
    ("training_instance_types=[]", "training_instance_types must be a non-empty list"),
    ("github_repository=not a repo", "github_repository must be 'owner/name'."),
    ("region=US_EAST", "region must be an AWS region name"),
])
def test_bad_tfvars_fail_at_plan_with_the_validation_message(override, message, tmp_path):
    work = _variables_only(ENVS_DIR / "dev", tmp_path)
    proc = _tf("plan", "-no-color", f"-var-file={ENVS_DIR / 'dev' / 'terraform.tfvars'}", f"-var={override}",
               cwd=work, tmp_path=tmp_path)
    assert proc.returncode != 0
    assert message in " ".join(proc.stderr.split()), proc.stderr


MONITORING = ["name_prefix=thai-ocr-dev", "kms_key_arn=arn:aws:kms:us-east-1:0:key/k", "monthly_budget_usd=10"]


@pytest.mark.parametrize("module, args, message", [
    ("monitoring", [*MONITORING, "log_retention_days=100"], "log_retention_days must be one of"),
    ("monitoring", [*MONITORING, "alert_email=a@b"], "alert_email must be an e-mail address"),
    ("monitoring", [*MONITORING, "metrics_missing_minutes=1"], "metrics_missing_minutes must be between"),
    ("data_bucket", ["bucket_name=Not_A_Bucket"], "bucket_name must be 3-63 lowercase"),
    ("image_repository", ["repository_name=thai-ocr-dev-train", "keep_images=0"], "keep_images must be between"),
])
def test_module_validations_fail_at_plan(module, args, message, tmp_path):
    work = _variables_only(MODULES_DIR / module, tmp_path)
    proc = _tf("plan", "-no-color", *[f"-var={a}" for a in args], cwd=work, tmp_path=tmp_path)
    assert proc.returncode != 0
    assert message in " ".join(proc.stderr.split()), proc.stderr


def test_prod_refuses_an_empty_alert_email(tmp_path):
    work = _variables_only(ENVS_DIR / "prod", tmp_path)
    proc = _tf("plan", "-no-color", f"-var-file={ENVS_DIR / 'prod' / 'terraform.tfvars'}", "-var=alert_email=",
               cwd=work, tmp_path=tmp_path)
    assert proc.returncode != 0
    assert "alert_email is required in prod" in " ".join(proc.stderr.split()), proc.stderr
