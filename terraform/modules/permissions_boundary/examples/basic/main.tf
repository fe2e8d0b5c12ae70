# The permissions boundary of a sandbox env's CI-managed roles.
# terraform init && terraform plan (variables: see below)

provider "aws" {
  region = "us-east-1"
}

variable "kms_key_arn" {
  type        = string
  description = "An existing KMS key of the account."
}

data "aws_caller_identity" "current" {}

module "permissions_boundary" {
  source                       = "../.."
  name_prefix                  = "thai-ocr-sandbox"
  bucket_arn                   = "arn:aws:s3:::thai-ocr-sandbox-data-${data.aws_caller_identity.current.account_id}"
  repository_arn               = "arn:aws:ecr:us-east-1:${data.aws_caller_identity.current.account_id}:repository/thai-ocr-sandbox-train"
  state_bucket                 = "thai-ocr-sandbox-tfstate"
  state_key                    = "envs/sandbox/terraform.tfstate"
  training_role_name           = "thai-ocr-sandbox-sagemaker-role"
  training_instance_types      = ["ml.g5.xlarge"]
  training_max_runtime_seconds = 21600
  kms_key_arn                  = var.kms_key_arn
}

output "policy_arn" {
  description = "The module's policy_arn."
  value       = module.permissions_boundary.policy_arn
}
