"""GitHub Actions: actionlint-clean, actions pinned by SHA, least-privilege permissions, no literal role ARNs."""
from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml

from infra_tf import REPO

WORKFLOWS = REPO / ".github" / "workflows"
TOOLS = REPO / ".venv-tools" / "bin"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def _load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_actionlint():
    actionlint = TOOLS / "actionlint"
    if not actionlint.is_file():
        pytest.skip("actionlint is not installed: 'make tools' (run by 'make test') puts it in .venv-tools")
    env = dict(os.environ, PATH=f"{TOOLS}{os.pathsep}{os.environ.get('PATH', '')}")  # shellcheck, when there
    proc = subprocess.run([str(actionlint), "-no-color", "-oneline", *map(str, FILES)], cwd=REPO,
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_two_workflows_exist_with_their_triggers():
    ci, deploy = _load(WORKFLOWS / "ci.yml"), _load(WORKFLOWS / "deploy.yml")
    assert {"pull_request", "push"} <= set(ci["on"])
    assert "push" not in deploy["on"], "deploy waits for CI instead of racing it"
    run = deploy["on"]["workflow_run"]
    assert run["workflows"] == [ci["name"]] and run["types"] == ["completed"] and run["branches"] == ["main"]
    assert deploy["on"]["workflow_dispatch"]["inputs"]["train"]["type"] == "boolean"


def test_deploy_runs_only_after_ci_succeeded_on_the_same_commit():
    deploy = _load(WORKFLOWS / "deploy.yml")
    gate = deploy["jobs"]["gate"]
    assert "workflow_run.conclusion == 'success'" in gate["if"] and "refs/heads/main" in gate["if"]
    (check,) = gate["steps"]
    assert "ci.yml/runs?head_sha=" in check["run"] and "status=success" in check["run"]
    assert "workflow_run.head_sha" in check["env"]["SHA"] and "exit 1" in check["run"]
    for name in ("dev", "prod"):
        job = deploy["jobs"][name]
        assert "gate" in job["needs"]
        (checkout,) = [s for s in job["steps"] if "actions/checkout" in s.get("uses", "")]
        assert checkout["with"]["ref"] == "${{ needs.gate.outputs.sha }}", f"{name} must deploy the commit CI tested"


def test_environments_gate_dev_then_prod_with_one_deploy_at_a_time():
    deploy = _load(WORKFLOWS / "deploy.yml")
    jobs = deploy["jobs"]
    assert jobs["dev"]["environment"] == "dev" and jobs["prod"]["environment"] == "prod"
    assert "dev" in jobs["prod"]["needs"], "prod follows a successful dev deploy"
    assert deploy["concurrency"]["cancel-in-progress"] is False and deploy["concurrency"]["group"]
    for name in ("dev", "prod"):
        (role,) = [s["with"]["role-to-assume"] for s in jobs[name]["steps"] if "configure-aws" in s.get("uses", "")]
        assert role == f"${{{{ vars.AWS_DEPLOY_ROLE_ARN_{name.upper()} }}}}"
    ci = _load(WORKFLOWS / "ci.yml")
    plan = ci["jobs"]["plan-dev"]
    assert plan["concurrency"]["cancel-in-progress"] is False
    assert "-lock-timeout=" in plan["steps"][-1]["run"] and ci["env"]["TF_LOCK_TIMEOUT"] == deploy["env"]["TF_LOCK_TIMEOUT"]
    assert "refs/heads/main" in plan["if"], "the plan role trusts main and pull requests only"


def test_ci_runs_terraform_test_in_every_module():
    ci = _load(WORKFLOWS / "ci.yml")
    (step,) = [s for s in ci["jobs"]["module-tests"]["steps"] if "run" in s]
    assert "terraform/modules/*/" in step["run"] and 'test -no-color' in step["run"] and "examples/" in step["run"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_pinned_by_full_sha_with_a_version_comment(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.search(r"uses:\s*([^\s#]+)(.*)", line)
        if m and not m.group(1).startswith("./"):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", m.group(1)), line
            assert re.search(r"#\s*v\d+(\.\d+)*", m.group(2)), f"no version comment: {line}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_permissions_are_empty_by_default_and_granted_per_job(path):
    wf = _load(path)
    assert wf["permissions"] == {}
    for name, job in wf["jobs"].items():
        perms = job.get("permissions")
        assert isinstance(perms, dict) and perms, f"{name} has no permissions block"
        assert set(perms.values()) <= {"read", "write", "none"}
        writes = {k for k, v in perms.items() if v == "write"}
        assert writes <= {"id-token"}, f"{name} writes {writes}"
        uses_aws = any("configure-aws-credentials" in str(s.get("uses", "")) for s in job["steps"])
        assert ("id-token" in writes) == uses_aws, f"{name}: id-token only where AWS is assumed"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_roles_come_from_repository_variables(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"arn:aws", text)
    for role in re.findall(r"role-to-assume:\s*(.+)", text):
        assert re.fullmatch(r"\$\{\{ (vars|secrets)\.[A-Z0-9_]+ \}\}", role.strip()), role


def test_ci_runs_make_test_checkov_fmt_validate_and_plan():
    ci = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    for needle in ("make test", "make lint", "validate -no-color", "terraform plan", "matrix"):
        assert needle in ci, needle
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    lint = re.search(r"^lint:.*?(?=^\S)", makefile, re.S | re.M).group(0)
    assert "checkov" in lint and "fmt -check" in lint and "actionlint" in lint


def test_deploy_applies_builds_and_optionally_trains():
    deploy = _load(WORKFLOWS / "deploy.yml")
    job = deploy["jobs"]["dev"]
    runs = [s.get("run", "") for s in job["steps"]]
    assert "make infra ENV=dev" in runs and "make image ENV=dev" in runs and "make train ENV=dev" in runs
    train = next(s for s in job["steps"] if s.get("run") == "make train ENV=dev")
    assert "inputs.train" in train["if"]
    assert job["env"]["AUTO_APPROVE"] == "1"
