# What the deploy branch needs on top of plan: write the state, keep the environment's resources in
# line with the code, push the training image, and start and follow dev training runs. Creating the
# KMS key or the CI roles, changing the key policy and deleting the bucket are left to administrators.

data "aws_iam_policy_document" "deploy" {
  source_policy_documents = [data.aws_iam_policy_document.plan.json]

  statement {
    sid       = "WriteState"
    actions   = ["s3:PutObject"]
    resources = ["${local.state_bucket_arn}/${var.state_key}"]
  }

  statement {
    sid       = "ManageDataBucket"
    actions   = ["s3:CreateBucket", "s3:PutBucket*", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration", "s3:DeleteBucketPolicy"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "ReadDatasetsAndModels"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/datasets/*", "${var.bucket_arn}/models/*"]
  }

  statement {
    sid = "ManageRepositoryAndPushImages"
    actions = [
      "ecr:CreateRepository", "ecr:PutLifecyclePolicy", "ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability",
      "ecr:TagResource", "ecr:UntagResource",
      "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
      "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
    ]
    resources = [var.repository_arn]
  }

  # ecr:GetAuthorizationToken has no resource-level permissions: AWS only accepts "*" for it.
  statement {
    sid       = "GetEcrLoginToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "ManageTrainingRole"
    actions   = ["iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole"]
    resources = [var.sagemaker_role_arn]
  }

  statement {
    sid       = "PassTrainingRoleToSageMaker"
    actions   = ["iam:PassRole"]
    resources = [var.sagemaker_role_arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["sagemaker.amazonaws.com"]
    }
  }

  statement {
    sid = "ManageAndReadTrainingLogs"
    actions = [
      "logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:AssociateKmsKey", "logs:TagResource", "logs:TagLogGroup",
      "logs:UntagResource", "logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents",
    ]
    resources = [local.log_group_arn, "${local.log_group_arn}:*"]
  }

  statement {
    sid       = "ManageAlerts"
    actions   = ["sns:CreateTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe", "sns:TagResource", "sns:UntagResource"]
    resources = [local.topic_pattern]
  }

  statement {
    sid       = "ManageEventRule"
    actions   = ["events:PutRule", "events:PutTargets", "events:RemoveTargets", "events:TagResource", "events:UntagResource"]
    resources = [local.rule_pattern]
  }

  statement {
    sid       = "ManageDashboard"
    actions   = ["cloudwatch:PutDashboard"]
    resources = [local.dashboard_arn]
  }

  statement {
    sid       = "MaintainKeyAndUseIt"
    actions   = ["kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource", "kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }

  statement {
    sid       = "KeepKeyAlias"
    actions   = ["kms:CreateAlias", "kms:UpdateAlias"]
    resources = [local.kms_alias_arn, var.kms_key_arn]
  }

  # ECR creates grants on the key for encrypted repositories; only grants for AWS resources are allowed.
  statement {
    sid       = "GrantKeyToEcr"
    actions   = ["kms:CreateGrant"]
    resources = [var.kms_key_arn]

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }

  statement {
    sid       = "RunTrainingJobs"
    actions   = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags", "sagemaker:ListTags"]
    resources = ["arn:${local.partition}:sagemaker:${local.region}:${local.account_id}:training-job/*"]
  }

  # ListTrainingJobs and GetMetricData have no resource-level permissions: AWS only accepts "*".
  # Both only read (job summaries, metric values) for `make monitor`.
  statement {
    sid       = "FollowTrainingJobs"
    actions   = ["sagemaker:ListTrainingJobs", "cloudwatch:GetMetricData"]
    resources = ["*"]
  }
}
