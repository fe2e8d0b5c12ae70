"""`thaiocr infra outputs|apply` for dev/prod with a stand-in terraform, and every bad input in one line."""
from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from thaiocr.cli import main

FAKE_TERRAFORM = """#!/bin/sh
echo "$@" >> "$FAKE_TF_LOG"
case "$*" in
  *" output "*)
    case "$FAKE_TF_OUTPUT" in
      none) echo "{}" ;;
      uninitialised) printf 'Warning: Unable to open CLI configuration file\\n\\n' >&2
        printf 'Error: Backend initialization required, please run "terraform init"\\n' >&2; exit 1 ;;
      *) cat "$FAKE_TF_OUTPUT" ;;
    esac ;;
  *" init "*) exit "${FAKE_TF_INIT_RC:-0}" ;;
esac
exit 0
"""


@pytest.fixture
def fake_terraform(tmp_path, monkeypatch):
    """A `terraform` on PATH that logs its arguments; returns a function reading that log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tf = bin_dir / "terraform"
    tf.write_text(FAKE_TERRAFORM)
    tf.chmod(tf.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "tf.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_TF_LOG", str(log))
    monkeypatch.delenv("AUTO_APPROVE", raising=False)
    monkeypatch.delenv("TF_STATE_BUCKET", raising=False)
    return lambda: [line.split() for line in log.read_text().splitlines()] if log.exists() else []


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err


def test_unknown_env_is_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["infra", "outputs", "--env", "staging"])
    assert exc.value.code == 2
    assert "unknown env 'staging'" in _one_line_error(capsys)


def test_local_outputs_before_apply(local_env, capsys):
    assert main(["infra", "outputs", "--env", "local"]) == 2
    assert "make infra ENV=local" in _one_line_error(capsys)


def test_env_without_state(fake_terraform, monkeypatch, capsys):
    monkeypatch.setenv("FAKE_TF_OUTPUT", "none")
    assert main(["infra", "outputs", "--env", "dev"]) == 2
    assert "no Terraform state" in _one_line_error(capsys)


def test_env_never_initialised(fake_terraform, monkeypatch, capsys):
    monkeypatch.setenv("FAKE_TF_OUTPUT", "uninitialised")
    assert main(["infra", "outputs", "--env", "prod"]) == 2
    err = _one_line_error(capsys)
    assert "no Terraform state" in err and "Warning" not in err


def test_outputs_map_terraform_output_json(fake_terraform, monkeypatch, tmp_path, capsys):
    values = {"bucket": "b", "bucket_arn": "arn:aws:s3:::b", "repository_url": "r", "role_arn": "role",
              "log_group": "/aws/sagemaker/TrainingJobs", "sns_topic_arn": "t", "kms_key_arn": "k",
              "ci_plan_role_arn": "extra outputs are ignored"}
    out = tmp_path / "out.json"
    out.write_text(json.dumps({k: {"value": v, "type": "string", "sensitive": False} for k, v in values.items()}))
    monkeypatch.setenv("FAKE_TF_OUTPUT", str(out))
    assert main(["infra", "outputs", "--env", "dev", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == {k: v for k, v in values.items() if k != "ci_plan_role_arn"}
    (call,) = fake_terraform()
    assert call[0].startswith("-chdir=") and call[0].endswith("terraform/envs/dev")
    assert call[1:] == ["output", "-json", "-no-color"]


def test_missing_terraform_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["infra", "apply", "--env", "dev"]) == 2
    assert "terraform is not installed" in _one_line_error(capsys)
    assert main(["infra", "outputs", "--env", "prod"]) == 2
    assert "terraform is not installed" in _one_line_error(capsys)


def test_apply_runs_init_plan_apply_with_the_env_backend(fake_terraform, monkeypatch, capsys):
    monkeypatch.setenv("AUTO_APPROVE", "1")
    monkeypatch.setenv("TF_STATE_BUCKET", "my-state-bucket")
    assert main(["infra", "apply", "--env", "dev"]) == 0
    init, plan, apply = fake_terraform()
    assert init[0].endswith("terraform/envs/dev") and init[1] == "init"
    assert "-backend-config=backend.hcl" in init and "-backend-config=bucket=my-state-bucket" in init
    assert plan[1] == "plan" and "-out=dev.tfplan" in plan and "-lock-timeout=10m" in plan
    assert apply[1:] == ["apply", "-input=false", "-lock-timeout=10m", "dev.tfplan"]


def test_apply_without_a_terminal_or_approval_refuses(fake_terraform, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert main(["infra", "apply", "--env", "prod"]) == 2
    assert "AUTO_APPROVE=1" in _one_line_error(capsys)
    assert [c[1] for c in fake_terraform()] == ["init", "plan"]


def test_apply_declined_changes_nothing(fake_terraform, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["infra", "apply", "--env", "dev"]) == 1
    assert [c[1] for c in fake_terraform()] == ["init", "plan"]


def test_failed_init_is_one_line(fake_terraform, monkeypatch, capsys):
    monkeypatch.setenv("FAKE_TF_INIT_RC", "1")
    monkeypatch.setenv("AUTO_APPROVE", "1")
    assert main(["infra", "apply", "--env", "dev"]) == 2
    assert "terraform init failed for env 'dev'" in _one_line_error(capsys)


@pytest.fixture
def copied_root(tmp_path, monkeypatch):
    """A copy of terraform/ and configs/envs/ under THAIOCR_ROOT, to break tfvars without touching the repo."""
    import shutil

    from infra_tf import REPO

    root = tmp_path / "root"
    shutil.copytree(REPO / "terraform", root / "terraform", ignore=shutil.ignore_patterns(".terraform"))
    shutil.copytree(REPO / "configs" / "envs", root / "configs" / "envs")
    monkeypatch.setenv("THAIOCR_ROOT", str(root))
    return root


@pytest.mark.parametrize("line, message", [
    ("log_retention_days     = 42", "log_retention_days must be one of"),
    ('alert_email            = "ops-at-example"', "alert_email must be an e-mail address"),
    ("image_keep_count       = 0", "image_keep_count must be a whole number"),
    ("this is not = = hcl", "not valid HCL"),
])
def test_bad_dev_tfvars_stop_the_local_apply_in_one_line(copied_root, local_env, line, message, capsys):
    tfvars = copied_root / "terraform" / "envs" / "dev" / "terraform.tfvars"
    key = line.split()[0]
    kept = [ln for ln in tfvars.read_text().splitlines() if not ln.startswith(key + " ")]
    tfvars.write_text("\n".join(kept + [line]) + "\n")
    assert main(["infra", "apply", "--env", "local"]) == 2
    assert message in _one_line_error(capsys)
