# An immutable, scanned, KMS-encrypted repository for a sandbox env.
# terraform init && terraform plan (variables: see below)

provider "aws" {
  region = "us-east-1"
}

variable "kms_key_arn" {
  type        = string
  description = "An existing KMS key of the account."
}

module "image_repository" {
  source          = "../.."
  repository_name = "thai-ocr-sandbox-train"
  kms_key_arn     = var.kms_key_arn
}

output "repository_url" {
  description = "The module's repository_url."
  value       = module.image_repository.repository_url
}
