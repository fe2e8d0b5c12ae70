# Two CloudWatch alarms that reach a person through the alert topic:
#   <prefix>-training-failed:          the failure rule matched (a job ended Failed or Stopped);
#   <prefix>-training-metrics-missing: no training host has reported the heartbeat metric for a while -
#     a job that hangs (stuck data loader, dead trainer) still bills; missing data counts as breaching.
# Between jobs the second one rests in ALARM without notifying again (CloudWatch notifies on changes, and
# only the change to ALARM is sent): one message after a job goes quiet, whether it hung or ended.

resource "aws_cloudwatch_metric_alarm" "training_failed" {
  alarm_name          = "${var.name_prefix}-training-failed"
  alarm_description   = "A SageMaker training job ended ${join(" or ", var.alert_statuses)} (EventBridge rule ${aws_cloudwatch_event_rule.training_failed.name}); the topic also carries the job's reason."
  namespace           = "AWS/Events"
  metric_name         = "MatchedEvents"
  dimensions          = { RuleName = aws_cloudwatch_event_rule.training_failed.name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}

# SageMaker publishes each job's metrics with a Host dimension (<job>/algo-N), so the alarm counts the
# heartbeat over every host with a Metrics Insights query instead of naming one job.
resource "aws_cloudwatch_metric_alarm" "metrics_missing" {
  alarm_name          = "${var.name_prefix}-training-metrics-missing"
  alarm_description   = "No training job has reported ${var.heartbeat_metric} for ${var.metrics_missing_minutes} minutes: a running job is stuck (or the last one has ended)."
  evaluation_periods  = ceil(var.metrics_missing_minutes / 5)
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  tags                = var.tags

  metric_query {
    id          = "heartbeat"
    label       = "${var.heartbeat_metric} datapoints, all training hosts"
    expression  = "SELECT COUNT(${var.heartbeat_metric}) FROM SCHEMA(\"${var.metric_namespace}\", Host)"
    period      = 300
    return_data = true
  }
}
