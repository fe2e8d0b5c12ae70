# A minimal use of the module: an existing bucket and key, names for a "sandbox" env.
# terraform init && terraform plan -var kms_key_arn=...

provider "aws" {
  region = "us-east-1"
}

variable "kms_key_arn" {
  type        = string
  description = "An existing KMS key of the account."
}

data "aws_caller_identity" "current" {}

module "model_registry" {
  source      = "../.."
  name_prefix = "thai-ocr-sandbox"
  bucket_arn  = "arn:aws:s3:::thai-ocr-sandbox-data-${data.aws_caller_identity.current.account_id}"
  kms_key_arn = var.kms_key_arn

  create_autoscaling_service_linked_role = false
}

output "model_package_group" {
  description = "The group versions are registered in."
  value       = module.model_registry.model_package_group
}
