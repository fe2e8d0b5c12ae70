# The boundary, statement by statement: first the ceiling (this environment's resources), then the
# denials that keep a bounded role from raising it.

data "aws_iam_policy_document" "boundary" {
  # Allow statements of modules that add resources (e.g. a serving role's repository); the Deny
  # statements below still apply to them.
  source_policy_documents = var.extension_policy_documents

  #checkov:skip=CKV_AWS_356:A boundary grants nothing; its "*" statements are explicit Deny statements and actions AWS cannot scope.
  #checkov:skip=CKV_AWS_111:A boundary grants nothing; writes are capped to this environment's ARNs, "*" appears only in Deny statements.
  #checkov:skip=CKV_AWS_109:A boundary grants nothing; role writes are allowed only under this boundary (iam:PermissionsBoundary).
  statement {
    sid       = "EnvironmentDataBucket"
    actions   = ["s3:*"]
    resources = [var.bucket_arn, "${var.bucket_arn}/*"]
  }

  statement {
    sid       = "TerraformStateAndLock"
    actions   = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = [local.state_bucket_arn, "${local.state_bucket_arn}/${var.state_key}", "${local.state_bucket_arn}/${var.state_key}.tflock"]
  }

  statement {
    sid       = "TrainingImageRepository"
    actions   = ["ecr:*"]
    resources = [var.repository_arn]
  }

  statement {
    sid       = "TrainingProcessingAndEndpointLogs"
    actions   = ["logs:*"]
    resources = local.log_group_arns
  }

  statement {
    sid       = "DescribeLogGroups"
    actions   = ["logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  }

  statement {
    sid       = "AlertsRulesDashboardsAlarms"
    actions   = ["sns:*", "events:*", "cloudwatch:*"]
    resources = local.named_resources
  }

  statement {
    sid       = "Budget"
    actions   = ["budgets:*"]
    resources = [local.budget_pattern]
  }

  statement {
    sid = "UseAndMaintainTheKey"
    actions = [
      "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:EnableKeyRotation",
      "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource", "kms:GetKeyPolicy",
      "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:CreateAlias", "kms:UpdateAlias",
    ]
    resources = [var.kms_key_arn, local.kms_alias_arn]
  }

  statement {
    sid       = "GrantTheKeyToAwsResources"
    actions   = ["kms:CreateGrant"]
    resources = [var.kms_key_arn]

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }

  statement {
    sid       = "FollowAndStopTrainingJobs"
    actions   = ["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags", "sagemaker:ListTags"]
    resources = [local.training_jobs]
  }

  # The env's allowed instance types and longest runtime, enforced by AWS whatever a client sends.
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

  # modules/model_registry: this env's models, endpoints and model packages.
  statement {
    sid       = "ServingEndpointsAndModelRegistry"
    actions   = ["sagemaker:*"]
    resources = local.serving_resources
  }

  statement {
    sid       = "PassOnlyTheTrainingAndEndpointRolesToSageMaker"
    actions   = ["iam:PassRole"]
    resources = [local.training_role_arn, local.endpoint_role_arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["sagemaker.amazonaws.com"]
    }
  }

  statement {
    sid = "ReadRolesTheBoundaryAndTheOidcProvider"
    actions = [
      "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:GetPolicy",
      "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:GetOpenIDConnectProvider",
    ]
    resources = [local.role_pattern, local.policy_arn, local.oidc_provider_arn]
  }

  statement {
    sid       = "WriteRolesOnlyUnderThisBoundary"
    actions   = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
    resources = [local.role_pattern]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.policy_arn]
    }
  }

  statement {
    sid       = "TagAndDescribeEnvironmentRoles"
    actions   = ["iam:TagRole", "iam:UntagRole", "iam:UpdateRole", "iam:UpdateRoleDescription"]
    resources = [local.role_pattern]
  }

  # Application Auto Scaling authorises by service namespace, not by scalable-target ARN: "*" with the
  # namespace condition (endpoint scaling, modules/model_registry).
  statement {
    sid       = "ScaleEndpoints"
    actions   = ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "application-autoscaling:service-namespace"
      values   = ["sagemaker"]
    }
  }

  # These actions have no resource-level permissions: AWS only accepts "*" for them. They read
  # (login token, metric values, job list, provider and alias names) or publish metrics.
  statement {
    sid = "ActionsAwsCannotScope"
    actions = [
      "ecr:GetAuthorizationToken", "cloudwatch:PutMetricData", "cloudwatch:GetMetricData", "sagemaker:ListTrainingJobs",
      "iam:ListOpenIDConnectProviders", "kms:ListAliases",
    ]
    resources = ["*"]
  }

  # The denials below apply to every role that carries this boundary, whatever its own policy says;
  # a Deny on "*" only takes away.
  statement {
    sid       = "DenyRoleWritesWithoutThisBoundary"
    effect    = "Deny"
    actions   = ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy"]
    resources = ["*"]

    condition {
      test     = "StringNotEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.policy_arn]
    }
  }

  # iam:UpdateAssumeRolePolicy cannot be conditioned on the boundary, so no bounded role may change a
  # trust policy; nor may one take a boundary off or version a managed policy (Deny on "*").
  statement {
    sid       = "DenyTrustChangesAndBoundaryRemoval"
    effect    = "Deny"
    actions   = ["iam:UpdateAssumeRolePolicy", "iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"]
    resources = ["*"]
  }

  statement {
    sid       = "DenyChangesToThisBoundary"
    effect    = "Deny"
    actions   = ["iam:CreatePolicy", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"]
    resources = [local.policy_arn]
  }

  statement {
    sid       = "DenyChangesToTheCiRoles"
    effect    = "Deny"
    actions   = local.role_writes
    resources = local.ci_role_arns
  }
}
