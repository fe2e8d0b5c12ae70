"""Alarms, budget and alert topic: the local stack's documents equal the Terraform ones (names, thresholds,
missing-data handling, topic policy statements), and the alarms watch metrics that jobs really emit."""
from __future__ import annotations

import pytest

from thaiocr.infra import local_operations as ops
from thaiocr.infra.naming import Names

from infra_tf import ENVS_DIR, MODULES_DIR, labelled, render, resources, statements, typed

MONITORING = MODULES_DIR / "monitoring"
NAMES = Names(project="thai-ocr", environment="dev", account_id="123456789012")
DEFAULTS = {name: body.get("default") for name, body in labelled(MONITORING, "variable").items()}


def _alarm(name):
    (alarm,) = [b for t, n, b in typed(MONITORING, "resource") if t == "aws_cloudwatch_metric_alarm" and n == name]
    return alarm


def test_failed_job_alarm_mirrors_terraform():
    tf = _alarm("training_failed")
    local = ops.training_failed_alarm(name=NAMES.training_failed_alarm, rule=NAMES.event_rule,
                                      statuses=DEFAULTS["alert_statuses"], topic_arn="t")
    assert render(tf["alarm_name"], {"name_prefix": NAMES.prefix}, {}) == local["AlarmName"]
    assert (tf["namespace"], tf["metric_name"], tf["statistic"]) == (local["Namespace"], local["MetricName"], local["Statistic"])
    assert (tf["comparison_operator"], tf["threshold"], tf["treat_missing_data"]) == (
        local["ComparisonOperator"], local["Threshold"], local["TreatMissingData"])
    assert tf["alarm_actions"] == ["${aws_sns_topic.alerts.arn}"]


def test_metrics_missing_alarm_breaches_on_missing_data_and_mirrors_terraform():
    tf = _alarm("metrics_missing")
    assert tf["treat_missing_data"] == "breaching"
    local = ops.metrics_missing_alarm(name=NAMES.metrics_missing_alarm, metric=DEFAULTS["heartbeat_metric"],
                                      namespace=DEFAULTS["metric_namespace"], minutes=DEFAULTS["metrics_missing_minutes"],
                                      topic_arn="t")
    assert render(tf["alarm_name"], {"name_prefix": NAMES.prefix}, {}) == local["AlarmName"]
    assert (tf["comparison_operator"], tf["threshold"]) == (local["ComparisonOperator"], local["Threshold"])
    (query,) = tf["metric_query"]
    expression = render(query["expression"], DEFAULTS, {}).replace('\\"', '"')
    assert expression == local["Metrics"][0]["Expression"]
    assert local["EvaluationPeriods"] * 5 >= DEFAULTS["metrics_missing_minutes"]


def test_heartbeat_is_a_metric_the_jobs_emit():
    metrics = pytest.importorskip("thaiocr.train.metrics")
    assert DEFAULTS["heartbeat_metric"] in metrics.METRIC_NAMES


def test_budget_alerts_the_topic_and_mirrors_terraform():
    (tf,) = resources(MONITORING, "aws_budgets_budget")
    assert render(tf["name"], {"name_prefix": NAMES.prefix}, {}) == NAMES.budget
    assert tf["budget_type"] == "COST" and tf["time_unit"] == "MONTHLY"
    local = ops.budget_notifications(thresholds=DEFAULTS["budget_thresholds_percent"], topic_arn="t", email="a@b.c")
    assert [n["Notification"]["NotificationType"] for n in local].count("FORECASTED") == 1
    assert {s["SubscriptionType"] for s in local[0]["Subscribers"]} == {"SNS", "EMAIL"}
    for env in ("dev", "prod"):
        call = labelled(ENVS_DIR / env, "module")["monitoring"]
        assert call["monthly_budget_usd"] == "${var.monthly_budget_usd}"


def test_local_topic_policy_has_the_terraform_statements():
    from thaiocr.infra.policies import alerts_topic_policy

    (doc,) = [b for t, n, b in typed(MONITORING, "data") if t == "aws_iam_policy_document" and n == "alerts_topic"]
    topic = f"arn:aws:sns:us-east-1:{NAMES.account_id}:{NAMES.sns_topic}"
    local = alerts_topic_policy(topic, f"arn:aws:events:us-east-1:{NAMES.account_id}:rule/{NAMES.event_rule}")
    assert [s["Sid"] for s in local["Statement"]] == [s["sid"] for s in statements(doc)]
    services = {s["Principal"]["Service"] for s in local["Statement"]}
    assert services == {"events.amazonaws.com", "cloudwatch.amazonaws.com", "budgets.amazonaws.com"}
    key = labelled(MODULES_DIR / "kms_key", "variable")["alert_publishers"]["default"]
    assert set(key) == services, "the key policy must let every publisher use the encrypted topic"
