variable "alias_name" {
  type        = string
  description = "Alias of the key without the `alias/` prefix, e.g. `thai-ocr-dev`."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias_name)) && !startswith(var.alias_name, "aws/")
    error_message = "alias_name may hold letters, digits, '/', '_' and '-' and must not start with 'aws/'."
  }
}

variable "description" {
  type        = string
  description = "Human-readable description shown in the KMS console."
  default     = "thai-ocr data, images, logs and alerts"
}

variable "deletion_window_in_days" {
  type        = number
  description = "Days a scheduled deletion waits before the key is destroyed (7 to 30)."
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "log_group_names" {
  type        = list(string)
  description = "CloudWatch log groups allowed to encrypt with this key (the key policy names each one)."
  default     = []
}

variable "alert_publishers" {
  type        = list(string)
  description = "AWS services allowed to publish to SNS topics encrypted with this key: the failure rule, the alarms and the budget."
  default     = ["events.amazonaws.com", "cloudwatch.amazonaws.com", "budgets.amazonaws.com"]

  validation {
    condition     = alltrue([for s in var.alert_publishers : endswith(s, ".amazonaws.com")])
    error_message = "alert_publishers must be AWS service principals like events.amazonaws.com."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the key, on top of the provider's default tags."
  default     = {}
}
