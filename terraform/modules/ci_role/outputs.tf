output "plan_role_arn" {
  description = "Role for `terraform plan` in pull requests (repository variable AWS_PLAN_ROLE_ARN)."
  value       = aws_iam_role.plan.arn
}

output "deploy_role_arn" {
  description = "Role for apply, image push and training on the deploy branch (repository variable AWS_DEPLOY_ROLE_ARN)."
  value       = aws_iam_role.deploy.arn
}

output "oidc_provider_arn" {
  description = "ARN of GitHub's OIDC provider in this account."
  value       = local.oidc_provider_arn
}
