# One widget per group of training metrics. SEARCH finds the series of every job (SageMaker adds a
# Host dimension per job and instance), so new jobs appear without editing the dashboard.

locals {
  widget_titles = sort(keys(var.metric_widgets))

  widgets = [
    for i, title in local.widget_titles : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = floor(i / 2) * 6
      width  = 12
      height = 6
      properties = {
        title  = title
        region = local.region
        view   = "timeSeries"
        period = var.dashboard_period
        stat   = "Average"
        metrics = [
          for j, name in var.metric_widgets[title] : [{
            id         = "m${i}_${j}"
            label      = name
            expression = "SEARCH('{${var.metric_namespace},Host} MetricName=\"${name}\"', 'Average', ${var.dashboard_period})"
          }]
        ]
      }
    }
  ]
}

resource "aws_cloudwatch_dashboard" "training" {
  dashboard_name = "${var.name_prefix}-training"
  dashboard_body = jsonencode({ widgets = local.widgets })
}
