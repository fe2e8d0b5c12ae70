output "role_arn" {
  description = "ARN of the execution role (the `RoleArn` of CreateTrainingJob)."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the execution role."
  value       = aws_iam_role.this.name
}

output "policy_json" {
  description = "The role's inline policy document (for review and tests)."
  value       = data.aws_iam_policy_document.permissions.json
}
