variable "repository_name" {
  type        = string
  description = "ECR repository name, e.g. `thai-ocr-dev-train`."

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", var.repository_name)) && length(var.repository_name) <= 256
    error_message = "repository_name must be lowercase letters, digits and single '.', '_', '-' or '/' separators, at most 256 characters."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the images; null uses ECR's AES256."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "keep_images" {
  type        = number
  description = "How many images (newest first) the lifecycle policy keeps."
  default     = 20

  validation {
    condition     = var.keep_images >= 1 && var.keep_images <= 1000
    error_message = "keep_images must be between 1 and 1000."
  }
}

variable "untagged_expiry_days" {
  type        = number
  description = "Days after which untagged images (failed or superseded pushes) are deleted."
  default     = 7

  validation {
    condition     = var.untagged_expiry_days >= 1
    error_message = "untagged_expiry_days must be at least 1."
  }
}

variable "force_delete" {
  type        = bool
  description = "Allow `terraform destroy` to delete a repository that still holds images."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the repository, on top of the provider's default tags."
  default     = {}
}
