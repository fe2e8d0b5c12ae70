# One customer-managed key per environment: S3 objects, ECR images, the training log group and the
# alert topic are all encrypted with it, so access can be revoked in one place.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
}

# In a key policy, "Resource": "*" means "this key": a key policy cannot name any other resource.
data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_109:Key policies can only name the key itself ("*"); IAM policies scope access further.
  #checkov:skip=CKV_AWS_111:Key policies can only name the key itself ("*"); IAM policies scope access further.
  #checkov:skip=CKV_AWS_356:Key policies can only name the key itself ("*"); IAM policies scope access further.
  statement {
    sid       = "AccountAdministersKeyThroughIam"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.log_group_names) > 0 ? [1] : []
    content {
      sid       = "CloudWatchLogsEncryptsTrainingLogs"
      actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = ["logs.${local.region}.amazonaws.com"]
      }

      condition {
        test     = "ArnEquals"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = [for name in var.log_group_names : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${name}"]
      }
    }
  }

  # EventBridge rules, CloudWatch alarms and Budgets publish to the encrypted alert topic.
  dynamic "statement" {
    for_each = length(var.alert_publishers) > 0 ? [1] : []
    content {
      sid       = "AlertPublishersUseEncryptedTopics"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]

      principals {
        type        = "Service"
        identifiers = var.alert_publishers
      }

      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.alias_name}"
  target_key_id = aws_kms_key.this.key_id
}
