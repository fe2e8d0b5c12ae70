"""Endpoint autoscaling (Application Auto Scaling): target tracking on invocations per instance for the
real-time variant; for the asynchronous one, target tracking on the queue per instance down to zero
instances, plus a step policy that wakes it from zero when requests wait with no instance."""
from __future__ import annotations

NAMESPACE = "sagemaker"
DIMENSION = "sagemaker:variant:DesiredInstanceCount"
VARIANT = "AllTraffic"


def resource_id(endpoint: str) -> str:
    return f"endpoint/{endpoint}/variant/{VARIANT}"


def realtime_policy(endpoint: str, s) -> dict:
    return {"PolicyName": f"{endpoint}-invocations", "PolicyType": "TargetTrackingScaling",
            "TargetTrackingScalingPolicyConfiguration": {
                "TargetValue": float(s.target_invocations_per_instance),
                "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"},
                "ScaleInCooldown": s.scale_in_cooldown_seconds, "ScaleOutCooldown": s.scale_out_cooldown_seconds}}


def async_policies(endpoint: str, a) -> list[dict]:
    backlog = {"PolicyName": f"{endpoint}-backlog", "PolicyType": "TargetTrackingScaling",
               "TargetTrackingScalingPolicyConfiguration": {
                   "TargetValue": float(a.target_backlog_per_instance),
                   "CustomizedMetricSpecification": {
                       "MetricName": "ApproximateBacklogSizePerInstance", "Namespace": "AWS/SageMaker",
                       "Dimensions": [{"Name": "EndpointName", "Value": endpoint}], "Statistic": "Average"},
                   "ScaleInCooldown": a.scale_in_cooldown_seconds, "ScaleOutCooldown": 60}}
    wake = {"PolicyName": f"{endpoint}-wake-from-zero", "PolicyType": "StepScaling",
            "StepScalingPolicyConfiguration": {"AdjustmentType": "ChangeInCapacity", "Cooldown": 60,
                                               "MetricAggregationType": "Average",
                                               "StepAdjustments": [{"MetricIntervalLowerBound": 0.0,
                                                                    "ScalingAdjustment": 1}]}}
    return [backlog, wake]


def apply(aas, cloudwatch, endpoint: str, *, minimum: int, maximum: int, policies: list[dict]) -> None:
    aas.register_scalable_target(ServiceNamespace=NAMESPACE, ResourceId=resource_id(endpoint),
                                 ScalableDimension=DIMENSION, MinCapacity=minimum, MaxCapacity=maximum)
    for policy in policies:
        arn = aas.put_scaling_policy(ServiceNamespace=NAMESPACE, ResourceId=resource_id(endpoint),
                                     ScalableDimension=DIMENSION, **policy)["PolicyARN"]
        if policy["PolicyType"] == "StepScaling":  # the alarm that drives it: requests waiting, no instance
            cloudwatch.put_metric_alarm(
                AlarmName=f"{endpoint}-has-backlog-without-capacity", Namespace="AWS/SageMaker",
                MetricName="HasBacklogWithoutCapacity", Dimensions=[{"Name": "EndpointName", "Value": endpoint}],
                Statistic="Average", Period=60, EvaluationPeriods=2, Threshold=1.0,
                ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="missing", AlarmActions=[arn])


def remove(aas, cloudwatch, endpoint: str) -> None:
    """Deregistering the target drops its policies; the wake alarm goes separately. No Describe* call:
    the deployer policy grants none (they take only "*")."""
    try:
        aas.deregister_scalable_target(ServiceNamespace=NAMESPACE, ResourceId=resource_id(endpoint),
                                       ScalableDimension=DIMENSION)
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") not in ("ObjectNotFoundException",
                                                                             "ValidationException"):
            raise
    cloudwatch.delete_alarms(AlarmNames=[f"{endpoint}-has-backlog-without-capacity"])
