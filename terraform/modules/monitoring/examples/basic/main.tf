# Log group, alert topic with an e-mail subscriber, failure rule, alarms, budget and dashboard of a sandbox env.
# terraform init && terraform plan (variables: see below)

provider "aws" {
  region = "us-east-1"
}

variable "kms_key_arn" {
  type        = string
  description = "An existing KMS key of the account."
}

variable "alert_email" {
  type        = string
  description = "Who receives the alerts."
}

module "monitoring" {
  source             = "../.."
  name_prefix        = "thai-ocr-sandbox"
  monthly_budget_usd = 50
  budget_cost_tags   = { Environment = "sandbox" }
  kms_key_arn        = var.kms_key_arn
  alert_email        = var.alert_email
}

output "sns_topic_arn" {
  description = "The module's sns_topic_arn."
  value       = module.monitoring.sns_topic_arn
}
