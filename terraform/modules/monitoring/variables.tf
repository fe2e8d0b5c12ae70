variable "name_prefix" {
  type        = string
  description = "Prefix of every name in this module, `<project>-<env>`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name_prefix))
    error_message = "name_prefix must be 2-41 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "log_group_name" {
  type        = string
  description = "The training log group; SageMaker always writes to `/aws/sagemaker/TrainingJobs`."
  default     = "/aws/sagemaker/TrainingJobs"
}

variable "create_log_group" {
  type        = bool
  description = "Manage the log group here. Set false in the second environment when two share one account and region (the name is fixed by SageMaker)."
  default     = true
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps training logs; one of the values CloudWatch accepts."
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the log group and the alert topic."

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "alert_email" {
  type        = string
  description = "E-mail address subscribed to training-failure alerts; empty for none (the address must confirm the subscription)."
  default     = ""

  validation {
    condition     = var.alert_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address like name@example.com, or empty."
  }
}

variable "heartbeat_metric" {
  type        = string
  description = "Training metric whose absence raises the metrics-missing alarm (one of thaiocr.train.metrics.METRIC_NAMES)."
  default     = "train_loss"
}

variable "metrics_missing_minutes" {
  type        = number
  description = "Minutes without the heartbeat metric from any training host before the metrics-missing alarm fires."
  default     = 30

  validation {
    condition     = var.metrics_missing_minutes >= 10 && var.metrics_missing_minutes <= 1440
    error_message = "metrics_missing_minutes must be between 10 and 1440."
  }
}

variable "monthly_budget_usd" {
  type        = number
  description = "Monthly cost budget of the environment in USD."

  validation {
    condition     = var.monthly_budget_usd > 0
    error_message = "monthly_budget_usd must be positive."
  }
}

variable "budget_thresholds_percent" {
  type        = list(number)
  description = "Percentages of the monthly budget whose actual spend sends an alert (the forecast alerts at 100)."
  default     = [50, 80, 100]

  validation {
    condition     = length(var.budget_thresholds_percent) > 0 && alltrue([for p in var.budget_thresholds_percent : p > 0 && p <= 1000])
    error_message = "budget_thresholds_percent must be a non-empty list of percentages between 0 and 1000."
  }
}

variable "budget_cost_tags" {
  type        = map(string)
  description = "Cost allocation tags that select the environment's costs (e.g. { Environment = \"dev\" }); empty counts the whole account."
  default     = {}
}

variable "alert_statuses" {
  type        = list(string)
  description = "Training job statuses that raise an alert."
  default     = ["Failed", "Stopped"]

  validation {
    condition     = length(var.alert_statuses) > 0 && alltrue([for s in var.alert_statuses : contains(["InProgress", "Completed", "Failed", "Stopping", "Stopped"], s)])
    error_message = "alert_statuses must be a non-empty list of InProgress, Completed, Failed, Stopping, Stopped."
  }
}

variable "metric_namespace" {
  type        = string
  description = "Namespace SageMaker publishes MetricDefinitions to."
  default     = "/aws/sagemaker/TrainingJobs"
}

variable "metric_widgets" {
  type        = map(list(string))
  description = "Dashboard widgets: title -> metric names. The names are those of thaiocr.train.metrics.METRIC_NAMES (a test keeps them equal)."
  default = {
    "Loss"                         = ["train_loss"]
    "Accuracy"                     = ["train_acc", "eval_acc", "test_line_acc"]
    "1 - normalised edit distance" = ["train_norm_edit_dis", "eval_norm_edit_dis"]
    "Character error rate (test)"  = ["test_cer"]
    "Throughput (samples/s)"       = ["samples_per_sec"]
    "Data wait (share of step)"    = ["reader_cost_ratio"]
    "Learning rate"                = ["learning_rate"]
    "Epoch"                        = ["epoch"]
  }
}

variable "dashboard_period" {
  type        = number
  description = "Seconds per dashboard data point."
  default     = 60

  validation {
    condition     = contains([1, 5, 10, 30, 60, 300, 900, 3600], var.dashboard_period)
    error_message = "dashboard_period must be one of 1, 5, 10, 30, 60, 300, 900, 3600."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource, on top of the provider's default tags."
  default     = {}
}
