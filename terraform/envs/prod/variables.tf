variable "project" {
  type        = string
  description = "Project name, the first part of every resource name."
  default     = "thai-ocr"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name, the second part of every resource name."

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the environment (must match `region` in configs/envs/<env>.yaml)."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "github_repository" {
  type        = string
  description = "GitHub repository (`owner/name`) whose workflows may assume the CI roles."

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be 'owner/name'."
  }
}

variable "github_branch" {
  type        = string
  description = "Branch whose workflows may apply this environment."
  default     = "main"
}

variable "create_oidc_provider" {
  type        = bool
  description = "Create GitHub's OIDC provider; false when the account already has one."
  default     = true
}

variable "state_bucket" {
  type        = string
  description = "Terraform state bucket; equal to `bucket` in backend.hcl (the CI roles are granted exactly this)."
}

variable "state_key" {
  type        = string
  description = "Terraform state key; equal to `key` in backend.hcl."
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

variable "create_log_group" {
  type        = bool
  description = "Manage /aws/sagemaker/TrainingJobs here; false when another environment in the same account and region already does."
  default     = true
}

variable "alert_email" {
  type        = string
  description = "E-mail address subscribed to the alert topic (failed jobs, alarms, budget); required in prod, the address must confirm the subscription."
  default     = ""

  validation {
    condition     = var.alert_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address like name@example.com, or empty."
  }

  validation {
    condition     = var.environment != "prod" || var.alert_email != ""
    error_message = "alert_email is required in prod: alerts must reach a person."
  }
}

variable "monthly_budget_usd" {
  type        = number
  description = "Monthly AWS Budget of the environment in USD; alerts at 50, 80 and 100% of actual spend and 100% forecast."

  validation {
    condition     = var.monthly_budget_usd > 0
    error_message = "monthly_budget_usd must be positive."
  }
}

variable "training_instance_types" {
  type        = list(string)
  description = "Instance types IAM lets training jobs use: `training.allowed_instance_types` of configs/envs/<env>.yaml (a test keeps them equal)."

  validation {
    condition     = length(var.training_instance_types) > 0 && alltrue([for t in var.training_instance_types : can(regex("^ml\\.[a-z0-9]+\\.[a-z0-9]+$", t))])
    error_message = "training_instance_types must be a non-empty list of SageMaker instance types like ml.g5.xlarge."
  }
}

variable "training_max_runtime_hours" {
  type        = number
  description = "Longest training job IAM allows, in hours: `training.max_runtime_hours` of configs/envs/<env>.yaml."

  validation {
    condition     = var.training_max_runtime_hours > 0 && var.training_max_runtime_hours <= 672
    error_message = "training_max_runtime_hours must be between 0 and 672 (SageMaker's 28 days)."
  }
}

variable "image_keep_count" {
  type        = number
  description = "Training images kept in ECR (newest first)."
  default     = 20

  validation {
    condition     = var.image_keep_count >= 1 && var.image_keep_count <= 1000
    error_message = "image_keep_count must be between 1 and 1000."
  }
}

variable "checkpoint_expiry_days" {
  type        = number
  description = "Days after which `checkpoints/` objects expire."
  default     = 30

  validation {
    condition     = var.checkpoint_expiry_days >= 1
    error_message = "checkpoint_expiry_days must be at least 1."
  }
}

variable "tmp_expiry_days" {
  type        = number
  description = "Days after which `tmp/` objects expire."
  default     = 7

  validation {
    condition     = var.tmp_expiry_days >= 1
    error_message = "tmp_expiry_days must be at least 1."
  }
}

variable "create_autoscaling_service_linked_role" {
  type        = bool
  description = "Create the account's Application Auto Scaling role for SageMaker endpoints; false in the second env of a shared account."
  default     = true
}
