# One rotating key with an alias, for a sandbox env.
# terraform init && terraform plan (variables: see below)

provider "aws" {
  region = "us-east-1"
}

module "kms_key" {
  source          = "../.."
  alias_name      = "thai-ocr-sandbox"
  log_group_names = ["/aws/sagemaker/TrainingJobs"]
}

output "key_arn" {
  description = "The module's key_arn."
  value       = module.kms_key.key_arn
}
