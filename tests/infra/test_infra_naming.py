"""Names: what Terraform derives from tfvars equals what thaiocr.infra.naming derives for the local stack."""
from __future__ import annotations

import pytest

from thaiocr.infra.hcl import load_hcl
from thaiocr.infra.naming import Names

from infra_tf import ENVS, ENVS_DIR, MODULES_DIR, labelled, parse_dir, render, resources

ACCOUNT = "123456789012"  # moto's account; tests only


def _terraform_names(env: str) -> tuple[dict, dict]:
    variables = {name: body.get("default") for name, body in labelled(ENVS_DIR / env, "variable").items()}
    variables.update(load_hcl(ENVS_DIR / env / "terraform.tfvars"))
    (locals_,) = parse_dir(ENVS_DIR / env)["locals"]
    account_ref = "${data.aws_caller_identity.current.account_id}"
    names = {k: render(v.replace(account_ref, ACCOUNT), variables, locals_) for k, v in locals_["names"].items()}
    return names, variables


@pytest.mark.parametrize("env", ENVS)
def test_env_names_equal_the_python_derivation(env):
    names, variables = _terraform_names(env)
    python = Names(project=variables["project"], environment=env, account_id=ACCOUNT)
    assert names == {"bucket": python.bucket, "repository": python.repository, "sagemaker_role": python.sagemaker_role,
                     "kms_alias": python.kms_alias, "log_group": python.log_group}
    assert python.sagemaker_role == f"thai-ocr-{env}-sagemaker-role"


@pytest.mark.parametrize("env", ENVS)
def test_module_internal_names_equal_the_python_derivation(env):
    _, variables = _terraform_names(env)
    python = Names(project=variables["project"], environment=env, account_id=ACCOUNT)
    prefix = {"name_prefix": python.prefix}
    monitoring = MODULES_DIR / "monitoring"
    assert render(resources(monitoring, "aws_sns_topic")[0]["name"], prefix, {}) == python.sns_topic
    assert render(resources(monitoring, "aws_cloudwatch_event_rule")[0]["name"], prefix, {}) == python.event_rule
    assert render(resources(monitoring, "aws_cloudwatch_dashboard")[0]["dashboard_name"], prefix, {}) == python.dashboard
    roles = [render(r["name"], prefix, {}) for r in resources(MODULES_DIR / "ci_role", "aws_iam_role")]
    assert sorted(roles) == sorted([python.ci_plan_role, python.ci_deploy_role])


def test_every_env_module_name_argument_comes_from_the_names_local():
    for env in ENVS:
        calls = labelled(ENVS_DIR / env, "module")
        assert calls["data_bucket"]["bucket_name"] == "${local.names.bucket}"
        assert calls["image_repository"]["repository_name"] == "${local.names.repository}"
        assert calls["sagemaker_role"]["role_name"] == "${local.names.sagemaker_role}"
        assert calls["kms"]["alias_name"] == "${local.names.kms_alias}"
        assert calls["monitoring"]["name_prefix"] == "${local.name_prefix}"


def test_local_names_use_the_local_environment():
    names = Names(project="thai-ocr", environment="local", account_id=ACCOUNT)
    assert names.bucket == f"thai-ocr-local-data-{ACCOUNT}"
    assert names.as_dict()["sns_topic"] == "thai-ocr-local-training-alerts"
