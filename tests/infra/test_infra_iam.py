"""IAM documents: no wildcard S3 or ECR resources; "*" only for actions AWS cannot scope, each commented."""
from __future__ import annotations

import re

import pytest

from infra_tf import MODULES_DIR, as_list, labelled, policy_documents, statements

# Actions without resource-level permissions: AWS accepts only "*" for them.
UNSCOPABLE = {"ecr:GetAuthorizationToken", "cloudwatch:PutMetricData", "iam:ListOpenIDConnectProviders",
              "kms:ListAliases", "sagemaker:ListTrainingJobs", "cloudwatch:GetMetricData"}
KEY_POLICIES = {("kms_key", "key")}  # in a key policy "*" means the key itself
# A permissions boundary grants nothing, it caps: service-wide actions on this env's ARNs are its ceiling.
BOUNDARIES = {("permissions_boundary", "boundary")}

DOCS = [(m, n, b) for m, n, b in policy_documents()]


def _ids(doc):
    return f"{doc[0]}.{doc[1]}"


@pytest.mark.parametrize("doc", DOCS, ids=_ids)
def test_no_wildcard_s3_or_ecr_resources(doc):
    module, name, body = doc
    for st in statements(body):
        actions = as_list(st.get("actions", []))
        for resource in as_list(st.get("resources", [])):
            if resource == "*":
                continue  # judged by the next test
            assert not re.search(r"arn:[^:]*:s3:::\*|arn:[^:]*:s3:::[^/]*\*", resource), \
                f"{module}.{name}/{st.get('sid')}: bucket wildcard {resource}"
            assert not re.search(r":repository/[^\"]*\*|:ecr:.*:\*$", resource), \
                f"{module}.{name}/{st.get('sid')}: repository wildcard {resource}"
        if any(a.startswith(("s3:", "ecr:")) for a in actions) and "*" in as_list(st.get("resources", [])):
            assert set(actions) <= UNSCOPABLE, f"{module}.{name}/{st.get('sid')}: S3/ECR action on '*'"


@pytest.mark.parametrize("doc", [d for d in DOCS if (d[0], d[1]) not in KEY_POLICIES], ids=_ids)
def test_star_resources_only_for_actions_aws_cannot_scope(doc):
    module, name, body = doc
    for st in statements(body):
        if st.get("effect", "Allow") == "Deny":
            continue  # a Deny on "*" only takes away
        if "*" in as_list(st.get("resources", [])):
            assert as_list(st.get("resources")) == ["*"]
            if all(a.startswith("application-autoscaling:") for a in as_list(st["actions"])):
                (cond,) = st["condition"]  # authorised by service namespace, not by ARN
                assert cond["variable"] == "application-autoscaling:service-namespace", f"{module}.{name}"
                continue
            assert set(as_list(st["actions"])) <= UNSCOPABLE, f"{module}.{name}/{st.get('sid')}"


def test_every_star_resource_has_a_comment_saying_why():
    for path in MODULES_DIR.glob("*/*.tf"):
        if path.parent.name == "kms_key":
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if re.search(r'resources\s*=\s*\["\*"\]', line):
                start = next(j for j in range(i, -1, -1) if lines[j].strip().startswith("statement"))
                above = "\n".join(lines[max(0, start - 4):start])
                assert "#" in above and "*" in above, f"{path.name}:{i + 1}: '*' resource without a reason"


def test_put_metric_data_is_limited_by_namespace():
    (permissions,) = [b for m, n, b in DOCS if (m, n) == ("sagemaker_role", "permissions")]
    (st,) = [s for s in statements(permissions) if "cloudwatch:PutMetricData" in as_list(s["actions"])]
    (cond,) = st["condition"]
    assert cond["variable"] == "cloudwatch:namespace" and cond["test"] == "StringEquals"


def test_no_statement_allows_service_wide_wildcard_actions_outside_key_policies():
    for module, name, body in DOCS:
        if (module, name) in KEY_POLICIES | BOUNDARIES:
            continue
        for st in statements(body):
            if st.get("effect", "Allow") == "Deny":
                continue  # a broad deny (e.g. TLS-only) is the safe direction
            for action in as_list(st.get("actions", [])):
                assert action != "*" and not action.endswith(":*"), f"{module}.{name}: {action}"


def test_training_role_reaches_only_its_prefixes():
    defaults = labelled(MODULES_DIR / "sagemaker_role", "variable")
    assert defaults["read_prefixes"]["default"] == ["datasets/", "pretrained/"]
    assert defaults["write_prefixes"]["default"] == ["models/", "checkpoints/", "output/"]


def test_ci_trust_is_limited_to_the_repository_and_the_deploy_environment():
    docs = {n: b for m, n, b in DOCS if m == "ci_role"}
    deploy = {c["variable"]: c for c in statements(docs["trust_deploy"])[0]["condition"]}
    assert deploy["${local.oidc_host}:sub"]["test"] == "StringEquals"
    assert deploy["${local.oidc_host}:sub"]["values"] == ["repo:${var.github_repository}:environment:${var.github_environment}"]
    plan = {c["variable"]: c for c in statements(docs["trust_plan"])[0]["condition"]}
    assert plan["${local.oidc_host}:sub"]["test"] == "StringEquals"
    assert plan["${local.oidc_host}:sub"]["values"] == ["repo:${var.github_repository}:pull_request",
                                                        "repo:${var.github_repository}:ref:refs/heads/${var.github_branch}"]
    for trust in (deploy, plan):
        assert trust["${local.oidc_host}:aud"]["values"] == ["sts.amazonaws.com"]


def test_boundary_ceilings_name_this_environment_only():
    (boundary,) = [b for m, n, b in DOCS if (m, n) in BOUNDARIES]
    for st in statements(boundary):
        if st.get("effect", "Allow") == "Allow" and any(a.endswith(":*") for a in as_list(st["actions"])):
            for resource in as_list(st["resources"]):
                assert resource != "*" and ("${var." in resource or "${local." in resource), (st["sid"], resource)


def test_ci_deploy_role_cannot_change_the_key_policy_or_delete_the_bucket():
    """Role writes are judged by tests/infra/test_infra_escalation.py, which evaluates the documents."""
    (deploy,) = [b for m, n, b in DOCS if (m, n) == ("ci_role", "deploy")]
    for st in statements(deploy):
        actions = set(as_list(st["actions"]))
        if st.get("effect", "Allow") == "Deny":
            continue
        if actions & {"iam:PutRolePolicy", "iam:CreateRole"}:
            assert st["condition"][0]["variable"] == "iam:PermissionsBoundary"
        assert "iam:UpdateAssumeRolePolicy" not in actions and "iam:AttachRolePolicy" not in actions
        assert "kms:PutKeyPolicy" not in actions and "kms:CreateKey" not in actions
        assert "s3:DeleteBucket" not in actions


def test_local_policy_mirrors_the_terraform_one():
    """thaiocr.infra.policies builds the local role's policy; the statement IDs must be Terraform's."""
    from thaiocr.infra.policies import sagemaker_permissions

    (permissions,) = [b for m, n, b in DOCS if (m, n) == ("sagemaker_role", "permissions")]
    local = sagemaker_permissions(bucket_arn="arn:aws:s3:::b", repository_arn="arn:aws:ecr:r:1:repository/x",
                                  kms_key_arn="arn:aws:kms:r:1:key/k", log_group_arn="arn:aws:logs:r:1:log-group:g",
                                  metric_namespace="ns", read_prefixes=["datasets/"], write_prefixes=["models/"])
    assert [s["Sid"] for s in local["Statement"]] == [s["sid"] for s in statements(permissions)]
    for tf, py in zip(statements(permissions), local["Statement"]):
        assert as_list(tf["actions"]) == py["Action"], tf["sid"]
