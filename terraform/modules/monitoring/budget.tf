# A monthly cost budget per environment, alerting the topic (and the e-mail address) at each threshold
# of actual spend and when the forecast passes the limit. Costs are those tagged with the env's tags
# (training jobs carry Project and Environment); activate them as cost allocation tags (terraform/README.md).

resource "aws_budgets_budget" "monthly" {
  name         = "${var.name_prefix}-monthly"
  budget_type  = "COST"
  limit_amount = format("%.2f", var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
  tags         = var.tags

  dynamic "cost_filter" {
    for_each = length(var.budget_cost_tags) > 0 ? [1] : []
    content {
      name   = "TagKeyValue"
      values = [for k, v in var.budget_cost_tags : format("user:%s$%s", k, v)]
    }
  }

  dynamic "notification" {
    for_each = var.budget_thresholds_percent
    content {
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value
      threshold_type             = "PERCENTAGE"
      notification_type          = "ACTUAL"
      subscriber_sns_topic_arns  = [aws_sns_topic.alerts.arn]
      subscriber_email_addresses = var.alert_email == "" ? [] : [var.alert_email]
    }
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_sns_topic_arns  = [aws_sns_topic.alerts.arn]
    subscriber_email_addresses = var.alert_email == "" ? [] : [var.alert_email]
  }
}
