output "key_arn" {
  description = "ARN of the key; pass it to every module that encrypts."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "ID of the key."
  value       = aws_kms_key.this.key_id
}

output "alias_name" {
  description = "Full alias name, e.g. `alias/thai-ocr-dev`."
  value       = aws_kms_alias.this.name
}
