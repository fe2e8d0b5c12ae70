# The first seven names are the fields of thaiocr.infra.outputs.InfraOutputs: `terraform output -json`
# maps onto it directly.

output "bucket" {
  description = "Data bucket name."
  value       = module.data_bucket.bucket
}

output "bucket_arn" {
  description = "Data bucket ARN."
  value       = module.data_bucket.bucket_arn
}

output "repository_url" {
  description = "ECR repository URL of the training image."
  value       = module.image_repository.repository_url
}

output "role_arn" {
  description = "SageMaker training execution role ARN."
  value       = module.sagemaker_role.role_arn
}

output "log_group" {
  description = "CloudWatch log group of the training jobs."
  value       = module.monitoring.log_group
}

output "sns_topic_arn" {
  description = "SNS topic that receives training-failure alerts."
  value       = module.monitoring.sns_topic_arn
}

output "kms_key_arn" {
  description = "KMS key of the environment."
  value       = module.kms.key_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the training metrics."
  value       = module.monitoring.dashboard_name
}

output "ci_plan_role_arn" {
  description = "Role for pull-request plans (set as repository variable AWS_PLAN_ROLE_ARN)."
  value       = module.ci_role.plan_role_arn
}

output "ci_deploy_role_arn" {
  description = "Role for deploys from the main branch (set as repository variable AWS_DEPLOY_ROLE_ARN)."
  value       = module.ci_role.deploy_role_arn
}

output "permissions_boundary_arn" {
  description = "Permissions boundary of every CI-managed role."
  value       = module.permissions_boundary.policy_arn
}

output "alarm_names" {
  description = "CloudWatch alarms that publish to the alert topic."
  value       = module.monitoring.alarm_names
}

output "budget_name" {
  description = "The environment's monthly AWS Budget."
  value       = module.monitoring.budget_name
}

# Model lifecycle (modules/model_registry): optional fields of InfraOutputs.
output "model_package_group" {
  description = "Model package group of the env's model versions."
  value       = module.model_registry.model_package_group
}

output "endpoint_role_arn" {
  description = "Execution role of the env's SageMaker endpoints."
  value       = module.model_registry.endpoint_role_arn
}

output "serve_repository_url" {
  description = "ECR repository URL of the serving image."
  value       = module.model_registry.serve_repository_url
}

output "endpoint_name" {
  description = "Real-time endpoint name (the asynchronous one adds -async)."
  value       = module.model_registry.endpoint_name
}

output "deploy_policy_arn" {
  description = "Managed policy for whoever runs make deploy (attach to the CI deploy role)."
  value       = module.model_registry.deploy_policy_arn
}
