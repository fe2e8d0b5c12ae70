# A versioned, SSE-KMS, private bucket for a sandbox env, with an existing key.
# terraform init && terraform plan (variables: see below)

provider "aws" {
  region = "us-east-1"
}

variable "kms_key_arn" {
  type        = string
  description = "An existing KMS key of the account."
}

data "aws_caller_identity" "current" {}

module "data_bucket" {
  source      = "../.."
  bucket_name = "thai-ocr-sandbox-data-${data.aws_caller_identity.current.account_id}"
  kms_key_arn = var.kms_key_arn
}

output "bucket" {
  description = "The module's bucket."
  value       = module.data_bucket.bucket
}
