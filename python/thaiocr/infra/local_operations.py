"""The alarms and the budget of terraform/modules/monitoring (alarms.tf, budget.tf), for the local stack:
same names, same thresholds, same topic, so `make infra ENV=local` shows what dev would alert on."""
from __future__ import annotations

from typing import Any, Callable

from botocore.exceptions import ClientError

TRAINING_NAMESPACE_EVENTS = "AWS/Events"


def training_failed_alarm(*, name: str, rule: str, statuses: list[str], topic_arn: str) -> dict[str, Any]:
    """alarms.tf's training_failed: the failure rule matched at least once in five minutes."""
    return {
        "AlarmName": name,
        "AlarmDescription": f"A SageMaker training job ended {' or '.join(statuses)} (EventBridge rule {rule}); "
                            "the topic also carries the job's reason.",
        "Namespace": TRAINING_NAMESPACE_EVENTS, "MetricName": "MatchedEvents",
        "Dimensions": [{"Name": "RuleName", "Value": rule}], "Statistic": "Sum", "Period": 300,
        "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "notBreaching", "AlarmActions": [topic_arn],
    }


def metrics_missing_alarm(*, name: str, metric: str, namespace: str, minutes: int, topic_arn: str) -> dict[str, Any]:
    """alarms.tf's metrics_missing: no heartbeat datapoint from any training host; missing data breaches."""
    return {
        "AlarmName": name,
        "AlarmDescription": f"No training job has reported {metric} for {minutes} minutes: a running job is stuck "
                            "(or the last one has ended).",
        "EvaluationPeriods": -(-int(minutes) // 5), "Threshold": 1, "ComparisonOperator": "LessThanThreshold",
        "TreatMissingData": "breaching", "AlarmActions": [topic_arn],
        "Metrics": [{"Id": "heartbeat", "Label": f"{metric} datapoints, all training hosts",
                     "Expression": f'SELECT COUNT({metric}) FROM SCHEMA("{namespace}", Host)', "Period": 300,
                     "ReturnData": True}],
    }


def budget(*, name: str, limit_usd: float, cost_tags: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {"BudgetName": name, "BudgetType": "COST", "TimeUnit": "MONTHLY",
                            "BudgetLimit": {"Amount": f"{float(limit_usd):.2f}", "Unit": "USD"}}
    if cost_tags:
        body["CostFilters"] = {"TagKeyValue": [f"user:{k}${v}" for k, v in cost_tags.items()]}
    return body


def budget_notifications(*, thresholds: list[float], topic_arn: str, email: str) -> list[dict[str, Any]]:
    """budget.tf: one ACTUAL notification per threshold, and the forecast at 100%."""
    subscribers = [{"SubscriptionType": "SNS", "Address": topic_arn}]
    if email:
        subscribers.append({"SubscriptionType": "EMAIL", "Address": email})
    kinds = [("ACTUAL", float(t)) for t in thresholds] + [("FORECASTED", 100.0)]
    return [{"Notification": {"NotificationType": kind, "ComparisonOperator": "GREATER_THAN", "Threshold": value,
                              "ThresholdType": "PERCENTAGE"}, "Subscribers": subscribers} for kind, value in kinds]


def ensure_alarms(cloudwatch, alarms: list[dict[str, Any]]) -> list[str]:
    """PutMetricAlarm creates or replaces, so a rerun changes nothing."""
    for alarm in alarms:
        cloudwatch.put_metric_alarm(**alarm)
    return [a["AlarmName"] for a in alarms]


def ensure_budget(budgets, *, account: str, body: dict[str, Any], notifications: list[dict[str, Any]]) -> str:
    """Created when missing, replaced when its limit or filter changed (moto has no UpdateBudget)."""
    try:
        have = budgets.describe_budget(AccountId=account, BudgetName=body["BudgetName"])["Budget"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "NotFoundException":
            raise
        have = None
    if have is not None and (float(have["BudgetLimit"]["Amount"]) != float(body["BudgetLimit"]["Amount"])
                             or (have.get("CostFilters") or {}) != body.get("CostFilters", {})):
        budgets.delete_budget(AccountId=account, BudgetName=body["BudgetName"])
        have = None
    if have is None:
        budgets.create_budget(AccountId=account, Budget=body, NotificationsWithSubscribers=notifications)
        return body["BudgetName"]
    have = budgets.describe_notifications_for_budget(AccountId=account, BudgetName=body["BudgetName"])
    known = {(n["NotificationType"], float(n["Threshold"])) for n in have.get("Notifications", [])}
    for entry in notifications:
        n = entry["Notification"]
        if (n["NotificationType"], float(n["Threshold"])) not in known:
            budgets.create_notification(AccountId=account, BudgetName=body["BudgetName"], Notification=n,
                                        Subscribers=entry["Subscribers"])
    return body["BudgetName"]


def ensure_operations(client: Callable[[str], Any], *, names, settings: dict[str, Any], account: str,
                      topic_arn: str) -> dict[str, Any]:
    """Both alarms and the budget of one environment; returns their names."""
    alarms = ensure_alarms(client("cloudwatch"), [
        training_failed_alarm(name=names.training_failed_alarm, rule=names.event_rule,
                              statuses=list(settings["alert_statuses"]), topic_arn=topic_arn),
        metrics_missing_alarm(name=names.metrics_missing_alarm, metric=settings["heartbeat_metric"],
                              namespace=settings["metric_namespace"], minutes=int(settings["metrics_missing_minutes"]),
                              topic_arn=topic_arn),
    ])
    name = ensure_budget(client("budgets"), account=account,
                         body=budget(name=names.budget, limit_usd=settings["monthly_budget_usd"],
                                     cost_tags={"Environment": names.environment}),
                         notifications=budget_notifications(thresholds=list(settings["budget_thresholds_percent"]),
                                                            topic_arn=topic_arn, email=settings.get("alert_email") or ""))
    return {"alarms": alarms, "budget": name}
