variable "name_prefix" {
  type        = string
  description = "Prefix of the environment's names, `<project>-<env>`; the policy is `<prefix>-permissions-boundary` and caps roles named `<prefix>-*`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name_prefix))
    error_message = "name_prefix must be 2-41 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "bucket_arn" {
  type        = string
  description = "ARN of the environment's data bucket (the only bucket a bounded role reaches, besides the state)."

  validation {
    condition     = can(regex("^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]+$", var.bucket_arn))
    error_message = "bucket_arn must be an S3 bucket ARN (no key, no wildcard)."
  }
}

variable "repository_arn" {
  type        = string
  description = "ARN of the training image repository."

  validation {
    condition     = can(regex("^arn:[a-z-]+:ecr:[a-z0-9-]+:[0-9]+:repository/[a-z0-9._/-]+$", var.repository_arn))
    error_message = "repository_arn must be an ECR repository ARN (no wildcard)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "ARN of the environment's KMS key."

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "state_bucket" {
  type        = string
  description = "Bucket of the Terraform state (the `bucket` of the env's backend.hcl)."
}

variable "state_key" {
  type        = string
  description = "Object key of the env's state (the `key` of the env's backend.hcl)."

  validation {
    condition     = length(var.state_key) > 0 && !strcontains(var.state_key, "*")
    error_message = "state_key must be a non-empty key without wildcards."
  }
}

variable "log_group_name" {
  type        = string
  description = "The training log group."
  default     = "/aws/sagemaker/TrainingJobs"
}

variable "processing_log_group_name" {
  type        = string
  description = "The processing jobs' log group (sharded synthesis runs with the training role)."
  default     = "/aws/sagemaker/ProcessingJobs"
}

variable "training_role_name" {
  type        = string
  description = "The SageMaker execution role: the only role a bounded role may pass, and only to SageMaker."
}

variable "training_instance_types" {
  type        = list(string)
  description = "Instance types training jobs may use (`training.allowed_instance_types` of configs/envs/<env>.yaml)."

  validation {
    condition     = length(var.training_instance_types) > 0 && alltrue([for t in var.training_instance_types : can(regex("^ml\\.[a-z0-9]+\\.[a-z0-9]+$", t))])
    error_message = "training_instance_types must be a non-empty list of SageMaker instance types like ml.g5.xlarge."
  }
}

variable "training_max_runtime_seconds" {
  type        = number
  description = "Longest MaxRuntimeInSeconds a training job may ask for."

  validation {
    condition     = var.training_max_runtime_seconds >= 60 && var.training_max_runtime_seconds <= 2419200
    error_message = "training_max_runtime_seconds must be between 60 and 2419200 (SageMaker's 28 days)."
  }
}

variable "extension_policy_documents" {
  type        = list(string)
  description = "Policy JSON documents whose Allow statements widen the ceiling to resources other modules add (say, a serving image repository); this module's Deny statements still apply."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the policy, on top of the provider's default tags."
  default     = {}
}
