"""No CI role can escalate: the CI roles' policies, evaluated from the Terraform source together with the
permissions boundary, never let a role change its own or another role's policy or trust without the
boundary, never touch the CI roles or the boundary, pass only the training role to SageMaker, and start
training jobs only within the env's instance types and runtime. Mutants prove the checks bite."""
from __future__ import annotations

import copy

import pytest
import yaml

from thaiocr.infra.hcl import load_hcl

from iam_eval import Request, Statement, allowed, load_statements
from infra_tf import ENVS, ENVS_DIR, MODULES, MODULES_DIR, REPO, as_list, labelled, parse_dir, resources, typed

ACCOUNT = "111122223333"
P = "arn:aws"
PREFIX = "thai-ocr-dev"
BOUNDARY = f"{P}:iam::{ACCOUNT}:policy/{PREFIX}-permissions-boundary"
ROLE = f"{P}:iam::{ACCOUNT}:role/"
PLAN, DEPLOY = f"{ROLE}{PREFIX}-ci-plan", f"{ROLE}{PREFIX}-ci-deploy"
TRAINING = f"{ROLE}{PREFIX}-sagemaker-role"
ENDPOINT = f"{ROLE}{PREFIX}-endpoint-role"  # modules/model_registry: the boundary lets it be passed too
TARGETS = [PLAN, DEPLOY, TRAINING, ENDPOINT, f"{ROLE}{PREFIX}-new-role", f"{ROLE}thai-ocr-prod-sagemaker-role",
           f"{ROLE}OrganizationAccountAccessRole"]
OTHER_POLICY = f"{P}:iam::aws:policy/AdministratorAccess"
# Every IAM call that changes what a role may do or who may assume it.
ROLE_WRITES = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy",
               "iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary",
               "iam:DeleteRolePermissionsBoundary"]
# What the deploy role may do to an environment role that carries the boundary (and nothing else).
UNDER_BOUNDARY = {"iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"}
OTHER_ESCALATIONS = [
    ("iam:CreatePolicyVersion", BOUNDARY), ("iam:SetDefaultPolicyVersion", BOUNDARY), ("iam:DeletePolicy", BOUNDARY),
    ("iam:CreatePolicyVersion", f"{P}:iam::{ACCOUNT}:policy/anything"), ("iam:CreatePolicy", f"{P}:iam::{ACCOUNT}:policy/x"),
    ("iam:CreateUser", f"{P}:iam::{ACCOUNT}:user/x"), ("iam:CreateAccessKey", f"{P}:iam::{ACCOUNT}:user/x"),
    ("iam:AttachUserPolicy", f"{P}:iam::{ACCOUNT}:user/x"), ("iam:PutGroupPolicy", f"{P}:iam::{ACCOUNT}:group/x"),
    ("iam:UpdateOpenIDConnectProviderThumbprint", f"{P}:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"),
    ("sts:AssumeRole", TRAINING), ("sts:AssumeRole", DEPLOY), ("kms:PutKeyPolicy", f"{P}:kms:us-east-1:{ACCOUNT}:key/k"),
    ("kms:CreateKey", "*"), ("organizations:LeaveOrganization", "*"),
]


def _env_settings(env: str = "dev") -> dict:
    tfvars = load_hcl(ENVS_DIR / env / "terraform.tfvars")
    return {"types": tfvars["training_instance_types"], "seconds": int(tfvars["training_max_runtime_hours"] * 3600)}


def _scope(module: str) -> dict:
    s = _env_settings()
    variables = {
        "name_prefix": PREFIX, "github_repository": "thai-ocr/thai-ocr", "github_branch": "main",
        "github_environment": "dev", "state_bucket": "thai-ocr-dev-tfstate", "state_key": "envs/dev/terraform.tfstate",
        "bucket_arn": f"{P}:s3:::thai-ocr-dev-data-{ACCOUNT}",
        "repository_arn": f"{P}:ecr:us-east-1:{ACCOUNT}:repository/thai-ocr-dev-train",
        "sagemaker_role_arn": TRAINING, "training_role_name": f"{PREFIX}-sagemaker-role",
        "kms_key_arn": f"{P}:kms:us-east-1:{ACCOUNT}:key/k", "log_group_name": "/aws/sagemaker/TrainingJobs",
        "processing_log_group_name": "/aws/sagemaker/ProcessingJobs",
        "permissions_boundary_arn": BOUNDARY, "training_instance_types": s["types"],
        "training_max_runtime_seconds": s["seconds"],
    }
    scope = {f"var.{k}": v for k, v in variables.items()}
    scope.update({"data.aws_caller_identity.current.account_id": ACCOUNT, "data.aws_partition.current.partition": "aws",
                  "data.aws_region.current.name": "us-east-1"})
    for block in parse_dir(MODULES_DIR / module).get("locals", []):
        scope.update({f"local.{k}": v for k, v in block.items()})
    scope["local.oidc_provider_arn"] = f"{P}:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    return scope


def _docs(module: str) -> dict[str, dict]:
    return {name: body for t, name, body in typed(MODULES_DIR / module, "data") if t == "aws_iam_policy_document"}


def _policy(module: str, name: str) -> list[Statement]:
    docs, scope = _docs(module), _scope(module)
    body = docs[name]
    found = []
    for source in as_list(body.get("source_policy_documents", [])):
        if source.startswith("${data.aws_iam_policy_document."):  # "${data.aws_iam_policy_document.plan.json}"
            found += _policy(module, source.split(".")[2])
        else:  # the boundary's extension documents: none in these envs
            assert source == "${var.extension_policy_documents}", source
    return found + load_statements(body, scope)


def ci_layers() -> dict[str, list[list[Statement]]]:
    boundary = _policy("permissions_boundary", "boundary")
    return {"plan": [_policy("ci_role", "plan"), boundary], "deploy": [_policy("ci_role", "deploy"), boundary]}


def escalations(layers: dict[str, list[list[Statement]]]) -> list[str]:
    """Every way a CI role could change a policy or trust outside the rules, as readable lines."""
    found = []
    for who, policy in layers.items():
        for target in TARGETS:
            for action in ROLE_WRITES:
                for boundary in (None, OTHER_POLICY, BOUNDARY):
                    if not allowed(policy, Request.of(action, target, iam__PermissionsBoundary=boundary)):
                        continue
                    ok = (who == "deploy" and boundary == BOUNDARY and action in UNDER_BOUNDARY
                          and target not in (PLAN, DEPLOY) and f"/{PREFIX}-" in target)
                    if not ok:
                        found.append(f"{who} may {action} on {target} with boundary {boundary}")
        for action, resource in OTHER_ESCALATIONS:
            if allowed(policy, Request.of(action, resource)):
                found.append(f"{who} may {action} on {resource}")
        for target in TARGETS:
            for service in ("sagemaker.amazonaws.com", "ec2.amazonaws.com", "lambda.amazonaws.com", None):
                if allowed(policy, Request.of("iam:PassRole", target, iam__PassedToService=service)):
                    if not (who == "deploy" and target in (TRAINING, ENDPOINT) and service == "sagemaker.amazonaws.com"):
                        found.append(f"{who} may pass {target} to {service}")
    return found


def test_no_ci_role_can_escalate():
    assert escalations(ci_layers()) == []


def test_the_deploy_role_can_still_do_its_job():
    """The positive side, so the test above is not vacuous: under the boundary the deploy role works."""
    deploy = ci_layers()["deploy"]
    assert allowed(deploy, Request.of("iam:PutRolePolicy", TRAINING, iam__PermissionsBoundary=BOUNDARY))
    assert allowed(deploy, Request.of("iam:CreateRole", f"{ROLE}{PREFIX}-new-role", iam__PermissionsBoundary=BOUNDARY))
    assert allowed(deploy, Request.of("iam:PassRole", TRAINING, iam__PassedToService="sagemaker.amazonaws.com"))
    assert allowed(deploy, Request.of("s3:PutObject", "arn:aws:s3:::thai-ocr-dev-tfstate/envs/dev/terraform.tfstate"))
    assert allowed(deploy, Request.of("ecr:PutImage", f"{P}:ecr:us-east-1:{ACCOUNT}:repository/thai-ocr-dev-train"))
    assert allowed(deploy, Request.of("cloudwatch:PutMetricAlarm", f"{P}:cloudwatch:us-east-1:{ACCOUNT}:alarm:{PREFIX}-x"))
    assert allowed(deploy, Request.of("budgets:ModifyBudget", f"{P}:budgets::{ACCOUNT}:budget/{PREFIX}-monthly"))
    plan = ci_layers()["plan"]
    assert allowed(plan, Request.of("s3:GetObject", "arn:aws:s3:::thai-ocr-dev-tfstate/envs/dev/terraform.tfstate"))
    assert allowed(plan, Request.of("iam:GetPolicyVersion", BOUNDARY))
    assert not allowed(plan, Request.of("s3:PutObject", "arn:aws:s3:::thai-ocr-dev-tfstate/envs/dev/terraform.tfstate"))


def test_every_identity_permission_fits_inside_the_boundary():
    """An Allow the boundary does not cover would fail at apply time in CI: check each concrete grant."""
    boundary = _policy("permissions_boundary", "boundary")
    for who in ("plan", "deploy"):
        for st in _policy("ci_role", who):
            if st.effect != "Allow" or st.conditions:
                continue
            for action in st.actions:
                for resource in st.resources:
                    probe = resource.replace("*", "x")
                    assert allowed([boundary], Request.of(action, probe)), f"{who}/{st.sid}: {action} on {probe}"


def _training_job(types, seconds):
    return Request.of("sagemaker:CreateTrainingJob", f"{P}:sagemaker:us-east-1:{ACCOUNT}:training-job/j",
                      sagemaker__InstanceTypes=types, sagemaker__MaxRuntimeInSeconds=seconds)


@pytest.mark.parametrize("who", ["deploy", "boundary alone"])
def test_training_jobs_only_on_allowed_instance_types_and_runtime(who):
    s = _env_settings()
    layers = ci_layers()["deploy"] if who == "deploy" else [ci_layers()["deploy"][1]]
    assert allowed(layers, _training_job([s["types"][0]], s["seconds"]))
    assert not allowed(layers, _training_job(["ml.p5.48xlarge"], s["seconds"]))
    assert not allowed(layers, _training_job([s["types"][0], "ml.p5.48xlarge"], s["seconds"]))
    assert not allowed(layers, _training_job([s["types"][0]], s["seconds"] + 1))
    assert not allowed(layers, _training_job(None, s["seconds"])), "no instance type must not mean 'any'"
    assert not allowed(layers, _training_job([s["types"][0]], None))


@pytest.mark.parametrize("env", ENVS)
def test_iam_training_limits_equal_the_env_config(env):
    config = yaml.safe_load((REPO / "configs" / "envs" / f"{env}.yaml").read_text(encoding="utf-8"))["training"]
    tfvars = load_hcl(ENVS_DIR / env / "terraform.tfvars")
    assert tfvars["training_instance_types"] == config["allowed_instance_types"]
    assert tfvars["training_max_runtime_hours"] >= config["max_runtime_hours"]
    assert config["instance_type"] in tfvars["training_instance_types"]


def test_each_layer_alone_stops_escalation():
    """Defence in depth: the identity policies alone, and the boundary alone (as if it were the deploy
    role's whole policy), each rule out every escalation; a mistake in one is caught by the other."""
    layers = ci_layers()
    assert escalations({"plan": [layers["plan"][0]], "deploy": [layers["deploy"][0]]}) == []
    assert escalations({"deploy": [layers["deploy"][1]]}) == []


def _clear_conditions(st):
    st.conditions.clear()


def _clear_resources(st):
    st.resources.clear()


@pytest.mark.parametrize("layer, changes", [
    (0, {"WriteRolesOnlyUnderTheBoundary": _clear_conditions}),
    (0, {"NeverTheCiRoles": _clear_resources}),
    (0, {"PassTrainingRoleToSageMaker": _clear_conditions}),
    (0, {"PassTrainingRoleToSageMaker": lambda st: st.resources.append(f"{ROLE}{PREFIX}-*")}),
    (1, {"DenyRoleWritesWithoutThisBoundary": _clear_resources, "WriteRolesOnlyUnderThisBoundary": _clear_conditions}),
    (1, {"DenyChangesToTheCiRoles": _clear_resources}),
    (1, {"DenyTrustChangesAndBoundaryRemoval": _clear_resources,
         "TagAndDescribeEnvironmentRoles": lambda st: st.actions.append("iam:UpdateAssumeRolePolicy")}),
    (1, {"PassOnlyTheTrainingAndEndpointRolesToSageMaker": lambda st: st.resources.append("*")}),
], ids=lambda v: "+".join(v) if isinstance(v, dict) else ("identity", "boundary")[v])
def test_the_escalation_check_catches_a_weakened_layer(layer, changes):
    policy = copy.deepcopy(ci_layers()["deploy"][layer])
    for sid, change in changes.items():
        (st,) = [s for s in policy if s.sid == sid]
        change(st)
    assert escalations({"deploy": [policy]}), f"weakening {', '.join(changes)} went unnoticed"


def test_the_escalation_check_catches_a_weakened_plan_role():
    policy = copy.deepcopy(ci_layers()["plan"][0])
    (st,) = [s for s in policy if s.sid == "ReadRoles"]
    st.actions.append("iam:PutRolePolicy")
    assert escalations({"plan": [policy]})


def test_every_ci_managed_role_carries_the_boundary():
    for module in ("ci_role", "sagemaker_role", "model_registry"):
        roles = resources(MODULES_DIR / module, "aws_iam_role")
        assert roles and all(r.get("permissions_boundary") == "${var.permissions_boundary_arn}" for r in roles), module
    for module in ("ci_role", "sagemaker_role"):
        variable = labelled(MODULES_DIR / module, "variable")["permissions_boundary_arn"]
        assert "default" not in variable, f"{module}: the boundary must be required"
    every_role_module = {m for m in MODULES if resources(MODULES_DIR / m, "aws_iam_role")}
    assert every_role_module == {"ci_role", "sagemaker_role", "model_registry"}, "a new role module: give it the boundary"
    for env in ENVS:
        calls = labelled(ENVS_DIR / env, "module")
        for module in ("ci_role", "sagemaker_role", "model_registry"):
            assert calls[module]["permissions_boundary_arn"] == "${module.permissions_boundary.policy_arn}", (env, module)
    (policy,) = resources(MODULES_DIR / "permissions_boundary", "aws_iam_policy")
    assert policy["name"] == "${local.policy_name}"
    assert _scope("permissions_boundary")["local.policy_name"] == "${var.name_prefix}-permissions-boundary"


def test_plan_role_trusts_only_pull_requests_and_the_deploy_branch():
    docs = _docs("ci_role")
    (plan,) = load_statements(docs["trust_plan"], _scope("ci_role"))
    subs = {k: (t, v) for t, k, v in plan.conditions}
    test, values = subs["token.actions.githubusercontent.com:sub"]
    assert test == "StringEquals" and sorted(values) == ["repo:thai-ocr/thai-ocr:pull_request",
                                                         "repo:thai-ocr/thai-ocr:ref:refs/heads/main"]
    assert not any("*" in v for v in values)
    (deploy,) = load_statements(docs["trust_deploy"], _scope("ci_role"))
    subs = {k: (t, v) for t, k, v in deploy.conditions}
    assert subs["token.actions.githubusercontent.com:sub"] == ("StringEquals", ["repo:thai-ocr/thai-ocr:environment:dev"])
    for st in (plan, deploy):
        audience = {k: v for _, k, v in st.conditions}["token.actions.githubusercontent.com:aud"]
        assert audience == ["sts.amazonaws.com"]
