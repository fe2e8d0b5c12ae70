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
