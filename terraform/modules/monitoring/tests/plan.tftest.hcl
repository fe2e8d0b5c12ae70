# terraform test (CI's module-tests job): plans against a mocked AWS provider, no credentials needed.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "1234567890" } # a mock, deliberately not 12 digits
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
}

variables {
  name_prefix        = "thai-ocr-sandbox"
  kms_key_arn        = "arn:aws:kms:us-east-1:1234567890:key/example"
  monthly_budget_usd = 50
  alert_email        = "ops@example.com"
}

run "alerts_reach_a_person" {
  command = plan

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 1
    error_message = "the e-mail address must be subscribed"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.metrics_missing.treat_missing_data == "breaching"
    error_message = "missing metrics must raise the alarm"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.training_failed.alarm_name == "thai-ocr-sandbox-training-failed"
    error_message = "alarm names follow the prefix"
  }

  assert {
    condition     = aws_budgets_budget.monthly.name == "thai-ocr-sandbox-monthly"
    error_message = "the budget follows the prefix"
  }

  assert {
    condition     = length(aws_budgets_budget.monthly.notification) == 4
    error_message = "three actual thresholds and the forecast"
  }
}

run "no_email_no_subscription" {
  command = plan

  variables {
    alert_email = ""
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0
    error_message = "no address, no subscription"
  }
}

run "bad_metrics_missing_minutes_is_refused" {
  command = plan

  variables {
    metrics_missing_minutes = 1
  }

  expect_failures = [var.metrics_missing_minutes]
}
