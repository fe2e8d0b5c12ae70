# One environment: every name is `<project>-<env>-...`, derived here once. python/thaiocr/infra/naming.py
# derives the same names for the local stack (a test keeps the two equal).

data "aws_caller_identity" "current" {}

locals {
  name_prefix = "${var.project}-${var.environment}"

  names = {
    bucket         = "${local.name_prefix}-data-${data.aws_caller_identity.current.account_id}"
    repository     = "${local.name_prefix}-train"
    sagemaker_role = "${local.name_prefix}-sagemaker-role"
    kms_alias      = local.name_prefix
    log_group      = "/aws/sagemaker/TrainingJobs"
  }

  training_max_runtime_seconds = var.training_max_runtime_hours * 3600
}

module "kms" {
  source          = "../../modules/kms_key"
  alias_name      = local.names.kms_alias
  description     = "${local.name_prefix}: data, images, training logs and alerts"
  log_group_names = [local.names.log_group]
}

module "data_bucket" {
  source                 = "../../modules/data_bucket"
  bucket_name            = local.names.bucket
  kms_key_arn            = module.kms.key_arn
  checkpoint_expiry_days = var.checkpoint_expiry_days
  tmp_expiry_days        = var.tmp_expiry_days
}

module "image_repository" {
  source          = "../../modules/image_repository"
  repository_name = local.names.repository
  kms_key_arn     = module.kms.key_arn
  keep_images     = var.image_keep_count
}

# The ceiling of every role CI manages; the deploy role can create or change roles only under it.
module "permissions_boundary" {
  source                       = "../../modules/permissions_boundary"
  name_prefix                  = local.name_prefix
  bucket_arn                   = module.data_bucket.bucket_arn
  repository_arn               = module.image_repository.repository_arn
  kms_key_arn                  = module.kms.key_arn
  state_bucket                 = var.state_bucket
  state_key                    = var.state_key
  log_group_name               = local.names.log_group
  training_role_name           = local.names.sagemaker_role
  training_instance_types      = var.training_instance_types
  training_max_runtime_seconds = local.training_max_runtime_seconds
}

module "sagemaker_role" {
  source                   = "../../modules/sagemaker_role"
  role_name                = local.names.sagemaker_role
  bucket_arn               = module.data_bucket.bucket_arn
  repository_arn           = module.image_repository.repository_arn
  kms_key_arn              = module.kms.key_arn
  log_group_name           = local.names.log_group
  permissions_boundary_arn = module.permissions_boundary.policy_arn
}

module "monitoring" {
  source             = "../../modules/monitoring"
  name_prefix        = local.name_prefix
  log_group_name     = local.names.log_group
  create_log_group   = var.create_log_group
  log_retention_days = var.log_retention_days
  kms_key_arn        = module.kms.key_arn
  alert_email        = var.alert_email
  monthly_budget_usd = var.monthly_budget_usd
  budget_cost_tags   = { Environment = var.environment }
}

module "ci_role" {
  source                       = "../../modules/ci_role"
  name_prefix                  = local.name_prefix
  github_repository            = var.github_repository
  github_branch                = var.github_branch
  github_environment           = var.environment
  create_oidc_provider         = var.create_oidc_provider
  state_bucket                 = var.state_bucket
  state_key                    = var.state_key
  bucket_arn                   = module.data_bucket.bucket_arn
  repository_arn               = module.image_repository.repository_arn
  sagemaker_role_arn           = module.sagemaker_role.role_arn
  kms_key_arn                  = module.kms.key_arn
  log_group_name               = local.names.log_group
  permissions_boundary_arn     = module.permissions_boundary.policy_arn
  training_instance_types      = var.training_instance_types
  training_max_runtime_seconds = local.training_max_runtime_seconds
}

# Model lifecycle: package group, endpoint role, autoscaling. The serving image lives in the training
# repository, tagged serve-<git sha>.
module "model_registry" {
  source                                 = "../../modules/model_registry"
  name_prefix                            = local.name_prefix
  bucket_arn                             = module.data_bucket.bucket_arn
  kms_key_arn                            = module.kms.key_arn
  create_serve_repository                = false
  serve_repository_arn                   = module.image_repository.repository_arn
  serve_repository_url                   = module.image_repository.repository_url
  create_autoscaling_service_linked_role = var.create_autoscaling_service_linked_role
  permissions_boundary_arn               = module.permissions_boundary.policy_arn
}
