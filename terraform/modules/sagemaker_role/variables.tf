variable "role_name" {
  type        = string
  description = "IAM role name, e.g. `thai-ocr-dev-sagemaker-role`."

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits and +=,.@_-."
  }
}

variable "bucket_arn" {
  type        = string
  description = "ARN of the environment's data bucket; the role reaches no other bucket."

  validation {
    condition     = can(regex("^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]+$", var.bucket_arn))
    error_message = "bucket_arn must be an S3 bucket ARN (no key, no wildcard)."
  }
}

variable "repository_arn" {
  type        = string
  description = "ARN of the training image repository; the role pulls from no other repository."

  validation {
    condition     = can(regex("^arn:[a-z-]+:ecr:[a-z0-9-]+:[0-9]+:repository/[a-z0-9._/-]+$", var.repository_arn))
    error_message = "repository_arn must be an ECR repository ARN (no wildcard)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "The environment's KMS key (bucket objects and training volumes are encrypted with it)."

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Managed policy set as the role's permissions boundary (modules/permissions_boundary): what the role can ever do, whoever edits its policy."

  validation {
    condition     = can(regex("^arn:[a-z-]+:iam::[0-9]+:policy/[\\w+=,.@/-]+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM managed policy ARN."
  }
}

variable "read_prefixes" {
  type        = list(string)
  description = "Key prefixes the jobs read (inputs)."
  default     = ["datasets/", "pretrained/"]

  validation {
    condition     = alltrue([for p in var.read_prefixes : can(regex("^[a-z0-9_-]+/$", p))])
    error_message = "read_prefixes must be plain top-level prefixes ending in '/', without wildcards."
  }
}

variable "write_prefixes" {
  type        = list(string)
  description = "Key prefixes the jobs write (and read back, e.g. checkpoints on resume)."
  default     = ["models/", "checkpoints/", "output/"]

  validation {
    condition     = alltrue([for p in var.write_prefixes : can(regex("^[a-z0-9_-]+/$", p))])
    error_message = "write_prefixes must be plain top-level prefixes ending in '/', without wildcards."
  }
}

variable "log_group_name" {
  type        = string
  description = "Log group the training containers write to (SageMaker always uses this name)."
  default     = "/aws/sagemaker/TrainingJobs"
}

variable "metric_namespace" {
  type        = string
  description = "The only CloudWatch namespace the role may publish metrics to."
  default     = "/aws/sagemaker/TrainingJobs"
}

variable "max_session_duration" {
  type        = number
  description = "Longest session in seconds (3600 to 43200); SageMaker refreshes credentials itself."
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 3600 and 43200 seconds."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the role, on top of the provider's default tags."
  default     = {}
}
