output "policy_arn" {
  description = "ARN of the boundary: the `permissions_boundary` of every CI-managed role."
  value       = aws_iam_policy.boundary.arn
}

output "policy_name" {
  description = "Name of the boundary policy."
  value       = aws_iam_policy.boundary.name
}

output "policy_json" {
  description = "The boundary document (for review and tests)."
  value       = data.aws_iam_policy_document.boundary.json
}
