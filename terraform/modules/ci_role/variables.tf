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
  description = "The only branch whose workflows may assume the deploy role."
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.github_branch)) && !strcontains(var.github_branch, "*")
    error_message = "github_branch must be a plain branch name (no wildcard)."
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
  description = "ARN of the training execution role the deploy role may pass to SageMaker (and update)."
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
