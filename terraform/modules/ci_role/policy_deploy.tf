# What the deploy environment needs on top of plan: write the state, keep the environment's resources in
# line with the code, push the training image, and start and follow training runs within the env's
# limits. Creating the KMS key, the CI roles or the boundary, changing a trust policy or the key policy,
# and deleting the bucket are left to administrators.

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

  # Roles of this environment may be created or have their inline policy written only when they carry
  # the permissions boundary; the boundary caps whatever that policy says. Trust policies are not
  # writable here (iam:UpdateAssumeRolePolicy cannot be conditioned on the boundary): administrators.
  statement {
    sid       = "WriteRolesOnlyUnderTheBoundary"
    actions   = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
    resources = [local.iam_role_pattern]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [var.permissions_boundary_arn]
    }
  }

  statement {
    sid       = "TagAndDescribeEnvironmentRoles"
    actions   = ["iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateRoleDescription"]
    resources = [local.iam_role_pattern]
  }

  statement {
    sid    = "NeverTheCiRoles"
    effect = "Deny"
    actions = [
      "iam:CreateRole", "iam:DeleteRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy",
      "iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary",
      "iam:DeleteRolePermissionsBoundary", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:TagRole", "iam:UntagRole",
    ]
    resources = local.ci_role_arns
  }

  statement {
    sid       = "NeverTheBoundaryPolicy"
    effect    = "Deny"
    actions   = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion", "iam:DeletePolicy"]
    resources = [var.permissions_boundary_arn]
  }

  statement {
    sid       = "NeverRemoveABoundaryOrChangeATrust"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary", "iam:UpdateAssumeRolePolicy"]
    resources = [local.iam_role_pattern]
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
    sid       = "ManageAlarms"
    actions   = ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"]
    resources = [local.alarm_pattern]
  }

  statement {
    sid       = "ManageBudget"
    actions   = ["budgets:ModifyBudget", "budgets:TagResource", "budgets:UntagResource"]
    resources = [local.budget_pattern]
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

  # AWS refuses a job on an instance type outside the env's list or longer than its maximum runtime,
  # whatever the client sends (the same limits as configs/envs/<env>.yaml; a test keeps them equal).
  statement {
    sid       = "StartTrainingJobsWithinTheEnvLimits"
    actions   = ["sagemaker:CreateTrainingJob"]
    resources = [local.training_jobs]

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "sagemaker:InstanceTypes"
      values   = var.training_instance_types
    }

    condition {
      test     = "Null"
      variable = "sagemaker:InstanceTypes"
      values   = ["false"]
    }

    condition {
      test     = "NumericLessThanEquals"
      variable = "sagemaker:MaxRuntimeInSeconds"
      values   = [var.training_max_runtime_seconds]
    }
  }

  statement {
    sid       = "FollowStopAndTagTrainingJobs"
    actions   = ["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags", "sagemaker:ListTags"]
    resources = [local.training_jobs]
  }

  # ListTrainingJobs and GetMetricData have no resource-level permissions: AWS only accepts "*".
  # Both only read (job summaries, metric values) for `make monitor`.
  statement {
    sid       = "FollowTrainingJobs"
    actions   = ["sagemaker:ListTrainingJobs", "cloudwatch:GetMetricData"]
    resources = ["*"]
  }
}
