output "log_group" {
  description = "Name of the training log group."
  value       = var.log_group_name
}

output "log_group_arn" {
  description = "ARN of the training log group."
  value       = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${var.log_group_name}"
}

output "sns_topic_arn" {
  description = "ARN of the training-alert topic."
  value       = aws_sns_topic.alerts.arn
}

output "event_rule_arn" {
  description = "ARN of the EventBridge rule that matches failed or stopped jobs."
  value       = aws_cloudwatch_event_rule.training_failed.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.training.dashboard_name
}

output "metric_names" {
  description = "Every metric the dashboard shows."
  value       = sort(distinct(flatten(values(var.metric_widgets))))
}

output "alarm_names" {
  description = "The CloudWatch alarms that publish to the alert topic."
  value       = [aws_cloudwatch_metric_alarm.training_failed.alarm_name, aws_cloudwatch_metric_alarm.metrics_missing.alarm_name]
}

output "budget_name" {
  description = "Name of the environment's monthly cost budget."
  value       = aws_budgets_budget.monthly.name
}
