# The permissions of a training job, statement by statement.

data "aws_iam_policy_document" "permissions" {
  statement {
    sid       = "ListOwnPrefixes"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [for p in concat(var.read_prefixes, var.write_prefixes) : "${p}*"]
    }
  }

  statement {
    sid       = "ReadInputsAndOwnOutputs"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = [for p in concat(var.read_prefixes, var.write_prefixes) : "${var.bucket_arn}/${p}*"]
  }

  statement {
    sid       = "WriteOutputs"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = [for p in var.write_prefixes : "${var.bucket_arn}/${p}*"]
  }

  statement {
    sid       = "PullTrainingImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = [var.repository_arn]
  }

  # ecr:GetAuthorizationToken has no resource-level permissions: AWS only accepts "*" for it.
  # The token alone grants nothing; the repository statement above decides what can be pulled.
  statement {
    sid       = "GetEcrLoginToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "WriteTrainingLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = [local.log_group_arn, "${local.log_group_arn}:log-stream:*"]
  }

  # cloudwatch:PutMetricData has no resource-level permissions: AWS only accepts "*" for it.
  # The namespace condition confines it to the training namespace.
  statement {
    sid       = "PublishTrainingMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.metric_namespace]
    }
  }

  statement {
    sid       = "UseEnvironmentKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }

  # Encrypted training volumes: SageMaker creates a grant on the key for the instance's EBS volume.
  statement {
    sid       = "GrantKeyToTrainingVolumes"
    actions   = ["kms:CreateGrant"]
    resources = [var.kms_key_arn]

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}
