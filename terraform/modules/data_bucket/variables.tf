variable "bucket_name" {
  type        = string
  description = "Globally unique bucket name, e.g. `thai-ocr-dev-data-<account id>`."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for SSE-KMS; null uses SSE-S3 (AES256)."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "checkpoint_expiry_days" {
  type        = number
  description = "Days after which objects under `checkpoints/` expire (jobs only need them to resume)."
  default     = 30

  validation {
    condition     = var.checkpoint_expiry_days >= 1
    error_message = "checkpoint_expiry_days must be at least 1."
  }
}

variable "tmp_expiry_days" {
  type        = number
  description = "Days after which objects under `tmp/` expire."
  default     = 7

  validation {
    condition     = var.tmp_expiry_days >= 1
    error_message = "tmp_expiry_days must be at least 1."
  }
}

variable "abort_multipart_days" {
  type        = number
  description = "Days after which incomplete multipart uploads are aborted."
  default     = 7

  validation {
    condition     = var.abort_multipart_days >= 1
    error_message = "abort_multipart_days must be at least 1."
  }
}

variable "dataset_noncurrent_transition_days" {
  type        = number
  description = "Days after which replaced versions under `datasets/` move to STANDARD_IA (S3 requires at least 30)."
  default     = 30

  validation {
    condition     = var.dataset_noncurrent_transition_days >= 30
    error_message = "dataset_noncurrent_transition_days must be at least 30 (the STANDARD_IA minimum)."
  }
}

variable "noncurrent_version_expiry_days" {
  type        = number
  description = "Days after which replaced (noncurrent) object versions are deleted."
  default     = 365

  validation {
    condition     = var.noncurrent_version_expiry_days >= 1
    error_message = "noncurrent_version_expiry_days must be at least 1."
  }
}

variable "access_log_bucket" {
  type        = string
  description = "Existing bucket that receives S3 server access logs; null turns access logging off."
  default     = null
}

variable "force_destroy" {
  type        = bool
  description = "Allow `terraform destroy` to delete a non-empty bucket (keep false outside throwaway envs)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the bucket, on top of the provider's default tags."
  default     = {}
}
