output "repository_name" {
  description = "Repository name."
  value       = aws_ecr_repository.this.name
}

output "repository_arn" {
  description = "Repository ARN (for IAM policies)."
  value       = aws_ecr_repository.this.arn
}

output "repository_url" {
  description = "Repository URL to tag and push images with (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`)."
  value       = aws_ecr_repository.this.repository_url
}
