# The training role of a sandbox env, under its permissions boundary.
# terraform init && terraform plan (variables: see below)

provider "aws" {
  region = "us-east-1"
}

variable "kms_key_arn" {
  type        = string
  description = "An existing KMS key of the account."
}

variable "permissions_boundary_arn" {
  type        = string
  description = "The env's permissions boundary (modules/permissions_boundary)."
}

data "aws_caller_identity" "current" {}

module "sagemaker_role" {
  source                   = "../.."
  role_name                = "thai-ocr-sandbox-sagemaker-role"
  bucket_arn               = "arn:aws:s3:::thai-ocr-sandbox-data-${data.aws_caller_identity.current.account_id}"
  repository_arn           = "arn:aws:ecr:us-east-1:${data.aws_caller_identity.current.account_id}:repository/thai-ocr-sandbox-train"
  kms_key_arn              = var.kms_key_arn
  permissions_boundary_arn = var.permissions_boundary_arn
}

output "role_arn" {
  description = "The module's role_arn."
  value       = module.sagemaker_role.role_arn
}
