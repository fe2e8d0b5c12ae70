variable "name_prefix" {
  type        = string
  description = "`<project>-<env>`: the group is `<prefix>-models`, the endpoint `<prefix>-ocr`, the role `<prefix>-endpoint-role`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-42 lower-case letters, digits and hyphens, e.g. thai-ocr-dev."
  }
}

variable "bucket_arn" {
  type        = string
  description = "The env's data bucket: model artifacts under models/, async requests under async_prefix."

  validation {
    condition     = can(regex("^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]+$", var.bucket_arn))
    error_message = "bucket_arn must be an S3 bucket ARN (no key, no wildcard)."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "The env's KMS key: model artifacts and async outputs are encrypted with it."

  validation {
    condition     = can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "async_prefix" {
  type        = string
  description = "Key prefix of asynchronous inference requests (`<prefix>input/`) and results (`<prefix>output/`)."
  default     = "async/"

  validation {
    condition     = can(regex("^[a-z0-9_-]+/$", var.async_prefix))
    error_message = "async_prefix must be one path segment ending in /, e.g. async/."
  }
}

variable "create_serve_repository" {
  type        = bool
  description = "Create `<prefix>-serve` for the serving image; false: pass serve_repository_arn/url of an existing one."
  default     = true
}

variable "serve_repository_arn" {
  type        = string
  description = "Existing serving image repository ARN (only with create_serve_repository = false)."
  default     = null
}

variable "serve_repository_url" {
  type        = string
  description = "Existing serving image repository URL (only with create_serve_repository = false)."
  default     = null
}

variable "keep_images" {
  type        = number
  description = "Serving images kept in the repository (older ones expire)."
  default     = 20

  validation {
    condition     = var.keep_images >= 1 && var.keep_images <= 1000 && floor(var.keep_images) == var.keep_images
    error_message = "keep_images must be a whole number from 1 to 1000."
  }
}

variable "create_autoscaling_service_linked_role" {
  type        = bool
  description = "Create the account's Application Auto Scaling role for SageMaker (false in the second env of a shared account)."
  default     = true
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Managed policy set as the endpoint role's permissions boundary, or null."
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:[a-z-]+:iam::[0-9]+:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM managed policy ARN or null."
  }
}

variable "force_delete" {
  type        = bool
  description = "Let `terraform destroy` delete the serving repository with its images."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags on every resource (the provider's default tags apply too)."
  default     = {}
}
