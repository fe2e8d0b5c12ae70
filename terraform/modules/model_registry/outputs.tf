output "model_package_group" {
  description = "Model package group name (thaiocr.infra.outputs.InfraOutputs.model_package_group)."
  value       = aws_sagemaker_model_package_group.this.model_package_group_name
}

output "model_package_group_arn" {
  description = "Model package group ARN."
  value       = aws_sagemaker_model_package_group.this.arn
}

output "endpoint_role_arn" {
  description = "Execution role of the env's SageMaker endpoints."
  value       = aws_iam_role.endpoint.arn
}

output "serve_repository_url" {
  description = "ECR repository URL of the serving image (tags are git SHAs)."
  value       = local.serve_repository_url
}

output "endpoint_name" {
  description = "Name of the real-time endpoint; the asynchronous one is `<endpoint_name>-async`."
  value       = local.names.endpoint
}

output "deploy_policy_arn" {
  description = "Managed policy with what `make deploy`, `undeploy`, `invoke` and the registry commands need."
  value       = aws_iam_policy.deployer.arn
}
