# The plan and deploy roles of a sandbox env, both under its permissions boundary.
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

module "ci_role" {
  source                       = "../.."
  name_prefix                  = "thai-ocr-sandbox"
  github_repository            = "my-org/thai-ocr"
  github_environment           = "sandbox"
  create_oidc_provider         = false
  state_bucket                 = "thai-ocr-sandbox-tfstate"
  state_key                    = "envs/sandbox/terraform.tfstate"
  bucket_arn                   = "arn:aws:s3:::thai-ocr-sandbox-data-${data.aws_caller_identity.current.account_id}"
  repository_arn               = "arn:aws:ecr:us-east-1:${data.aws_caller_identity.current.account_id}:repository/thai-ocr-sandbox-train"
  sagemaker_role_arn           = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/thai-ocr-sandbox-sagemaker-role"
  training_instance_types      = ["ml.g5.xlarge"]
  training_max_runtime_seconds = 21600
  kms_key_arn                  = var.kms_key_arn
  permissions_boundary_arn     = var.permissions_boundary_arn
}

output "deploy_role_arn" {
  description = "The module's deploy_role_arn."
  value       = module.ci_role.deploy_role_arn
}
