"""`thaiocr infra apply --env local` against a real moto server: the dev resources, idempotently."""
from __future__ import annotations

import json

import pytest

from thaiocr.cli import main


@pytest.fixture(scope="module")
def stack(moto_endpoint, tmp_path_factory):
    """One apply for the whole module (it is the slow part); the tests only read what it made."""
    import urllib.request

    def reset():
        urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).read()

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THAIOCR_LOCAL_ENDPOINT", moto_endpoint)
        mp.setenv("THAIOCR_LOCAL_DIR", str(tmp_path_factory.mktemp("infra-local")))
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            mp.setenv(key, "testing")
        reset()
        assert main(["infra", "apply", "--env", "local"]) == 0
        yield mp
        reset()


@pytest.fixture
def applied(stack, capsys):
    from thaiocr.infra.outputs import load

    capsys.readouterr()
    return load("local")


@pytest.fixture
def aws(stack):
    from thaiocr.aws.session import client

    return lambda service: client(service, "local")


def test_apply_writes_outputs_that_outputs_prints(applied, capsys, tmp_path_factory):
    from thaiocr.infra.outputs import local_outputs_file

    assert local_outputs_file().is_relative_to(tmp_path_factory.getbasetemp())
    assert main(["infra", "outputs", "--env", "local", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(local_outputs_file().read_text()) == applied.to_dict()
    assert main(["infra", "outputs", "--env", "local"]) == 0
    assert applied.role_arn in capsys.readouterr().out


def test_names_come_from_tfvars_with_the_local_environment(applied):
    from thaiocr.infra.hcl import tfvars

    prefix = f"{tfvars('local')['project']}-local"
    assert applied.bucket.startswith(f"{prefix}-data-")
    assert applied.repository_url.endswith(f"/{prefix}-train")
    assert applied.role_arn.endswith(f":role/{prefix}-sagemaker-role")
    assert applied.sns_topic_arn.endswith(f":{prefix}-training-alerts")
    assert applied.log_group == "/aws/sagemaker/TrainingJobs"


def test_bucket_is_versioned_encrypted_private_and_usable_over_local_http(applied, aws):
    s3 = aws("s3")
    assert s3.get_bucket_versioning(Bucket=applied.bucket)["Status"] == "Enabled"
    (rule,) = s3.get_bucket_encryption(Bucket=applied.bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": applied.kms_key_arn}
    block = s3.get_public_access_block(Bucket=applied.bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values()) and len(block) == 4
    ids = {r["ID"] for r in s3.get_bucket_lifecycle_configuration(Bucket=applied.bucket)["Rules"]}
    assert {"expire-checkpoints", "expire-tmp", "abort-incomplete-multipart-uploads"} <= ids
    # no TLS-only policy locally: moto enforces bucket policies and the local stack speaks plain HTTP
    s3.put_object(Bucket=applied.bucket, Key="datasets/x/probe.txt", Body=b"ok")
    assert s3.get_object(Bucket=applied.bucket, Key="datasets/x/probe.txt")["Body"].read() == b"ok"


def test_repository_role_logs_topic_key_and_dashboard(applied, aws):
    (repo,) = aws("ecr").describe_repositories()["repositories"]
    assert repo["imageTagMutability"] == "IMMUTABLE" and repo["imageScanningConfiguration"]["scanOnPush"]
    role = applied.role_arn.rsplit("/", 1)[1]
    policy = aws("iam").get_role_policy(RoleName=role, PolicyName="training")["PolicyDocument"]
    policy = json.loads(policy) if isinstance(policy, str) else policy
    resources = [r for st in policy["Statement"] for r in st["Resource"]]
    assert all(r == "*" or applied.bucket_arn in r or "repository/" in r or ":log-group:" in r or ":key/" in r
               for r in resources)
    (group,) = aws("logs").describe_log_groups(logGroupNamePrefix=applied.log_group)["logGroups"]
    assert group["retentionInDays"] >= 365
    attrs = aws("sns").get_topic_attributes(TopicArn=applied.sns_topic_arn)["Attributes"]
    assert attrs["KmsMasterKeyId"] == applied.kms_key_arn
    key_id = applied.kms_key_arn.rsplit("/", 1)[1]
    assert aws("kms").get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]
    (dashboard,) = aws("cloudwatch").list_dashboards()["DashboardEntries"]
    body = aws("cloudwatch").get_dashboard(DashboardName=dashboard["DashboardName"])["DashboardBody"]
    assert "train_loss" in body and "samples_per_sec" in body


def test_apply_twice_changes_nothing(applied, aws):
    from thaiocr.infra.local import apply_local

    again = apply_local()
    assert again == applied
    assert len(aws("kms").list_keys()["Keys"]) == 1
    assert len(aws("ecr").describe_repositories()["repositories"]) == 1
    assert len(aws("sns").list_topics()["Topics"]) == 1


def test_alarms_budget_and_subscription_reach_the_alert_topic(applied, aws):
    from thaiocr.infra.hcl import tfvars
    from thaiocr.infra.naming import Names

    names = Names(project=tfvars("local")["project"], environment="local", account_id=applied.bucket.rsplit("-", 1)[1])
    alarms = {a["AlarmName"]: a for a in aws("cloudwatch").describe_alarms()["MetricAlarms"]}
    assert set(alarms) == {names.training_failed_alarm, names.metrics_missing_alarm}
    missing = alarms[names.metrics_missing_alarm]
    assert missing["TreatMissingData"] == "breaching" and missing["AlarmActions"] == [applied.sns_topic_arn]
    assert "train_loss" in missing["Metrics"][0]["Expression"]
    failed = alarms[names.training_failed_alarm]
    assert failed["Dimensions"] == [{"Name": "RuleName", "Value": names.event_rule}]
    account = applied.bucket.rsplit("-", 1)[1]
    (budget,) = aws("budgets").describe_budgets(AccountId=account)["Budgets"]
    assert budget["BudgetName"] == names.budget and budget["CostFilters"] == {"TagKeyValue": ["user:Environment$local"]}
    notes = aws("budgets").describe_notifications_for_budget(AccountId=account, BudgetName=names.budget)["Notifications"]
    assert {(n["NotificationType"], n["Threshold"]) for n in notes} >= {("ACTUAL", 80), ("FORECASTED", 100)}
    subs = aws("sns").list_subscriptions_by_topic(TopicArn=applied.sns_topic_arn)["Subscriptions"]
    assert [s["Protocol"] for s in subs] == ["email"] and subs[0]["Endpoint"] == tfvars("local")["alert_email"]
    assert (rules := aws("events").list_rules(NamePrefix=names.event_rule)["Rules"]) and rules[0]["Name"] == names.event_rule
