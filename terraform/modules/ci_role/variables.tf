variable "name_prefix" {
  type        = string
  description = "Prefix of the environment's names, `<project>-<env>`; the roles are `<prefix>-ci-plan` and `<prefix>-ci-deploy`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name_prefix))
    error_message = "name_prefix must be 2-41 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "github_repository" {
  type        = string
  description = "The GitHub repository allowed to assume the roles, `owner/name`."

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be 'owner/name'."
  }
}

variable "github_branch" {
  type        = string
  description = "The deploy branch: the only branch (besides pull requests) whose workflows may assume the plan role."
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.github_branch)) && !strcontains(var.github_branch, "*")
    error_message = "github_branch must be a plain branch name (no wildcard)."
  }
}

variable "github_environment" {
  type        = string
  description = "The GitHub environment whose jobs may assume the deploy role (`dev`, `prod`); restrict it to the deploy branch in the repository settings."

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+$", var.github_environment))
    error_message = "github_environment must be a plain GitHub environment name (no wildcard)."
  }
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Permissions boundary of both CI roles, and the one the deploy role must attach to any role it creates or changes."

  validation {
    condition     = can(regex("^arn:[a-z-]+:iam::[0-9]+:policy/[\\w+=,.@/-]+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM managed policy ARN."
  }
}

variable "training_instance_types" {
  type        = list(string)
  description = "Instance types the deploy role may start training jobs on (`training.allowed_instance_types` of configs/envs/<env>.yaml)."

  validation {
    condition     = length(var.training_instance_types) > 0
    error_message = "training_instance_types must not be empty."
  }
}

variable "training_max_runtime_seconds" {
  type        = number
  description = "Longest MaxRuntimeInSeconds the deploy role may ask for."

  validation {
    condition     = var.training_max_runtime_seconds >= 60 && var.training_max_runtime_seconds <= 2419200
    error_message = "training_max_runtime_seconds must be between 60 and 2419200 (SageMaker's 28 days)."
  }
}

variable "create_oidc_provider" {
  type        = bool
  description = "Create GitHub's OIDC provider; false when the account already has one (there can be only one per URL)."
  default     = true
}

variable "state_bucket" {
  type        = string
  description = "Bucket that holds the Terraform state (the `bucket` of the env's backend.hcl)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "state_bucket must be a valid S3 bucket name."
  }
}

variable "state_key" {
  type        = string
  description = "Object key of the env's state (the `key` of the env's backend.hcl)."

  validation {
    condition     = length(var.state_key) > 0 && !strcontains(var.state_key, "*")
    error_message = "state_key must be a non-empty key without wildcards."
  }
}

variable "bucket_arn" {
  type        = string
  description = "ARN of the environment's data bucket."
}

variable "repository_arn" {
  type        = string
  description = "ARN of the training image repository the deploy role pushes to."
}

variable "sagemaker_role_arn" {
  type        = string
  description = "ARN of the training execution role the deploy role may pass to SageMaker (and whose policy it may write, under the boundary)."
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the environment's KMS key."
}

variable "log_group_name" {
  type        = string
  description = "The training log group."
  default     = "/aws/sagemaker/TrainingJobs"
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the roles and the OIDC provider, on top of the provider's default tags."
  default     = {}
}
