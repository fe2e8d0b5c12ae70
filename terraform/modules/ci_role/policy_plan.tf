# What `terraform plan` needs: the state (and its lock file) and read access to every resource the
# environment manages, each named by ARN or by the environment's name prefix.

locals {
  state_bucket_arn = "arn:${local.partition}:s3:::${var.state_bucket}"
  iam_role_pattern = "arn:${local.partition}:iam::${local.account_id}:role/${var.name_prefix}-*"
  topic_pattern    = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name_prefix}-*"
  rule_pattern     = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name_prefix}-*"
  dashboard_arn    = "arn:${local.partition}:cloudwatch::${local.account_id}:dashboard/${var.name_prefix}-*"
  alarm_pattern    = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.name_prefix}-*"
  budget_pattern   = "arn:${local.partition}:budgets::${local.account_id}:budget/${var.name_prefix}-*"
  ci_role_arns     = ["arn:${local.partition}:iam::${local.account_id}:role/${var.name_prefix}-ci-plan", "arn:${local.partition}:iam::${local.account_id}:role/${var.name_prefix}-ci-deploy"]
  training_jobs    = "arn:${local.partition}:sagemaker:${local.region}:${local.account_id}:training-job/*"
  log_group_arn    = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${var.log_group_name}"
  kms_alias_arn    = "arn:${local.partition}:kms:${local.region}:${local.account_id}:alias/${var.name_prefix}"
}

data "aws_iam_policy_document" "plan" {
  statement {
    sid       = "ListState"
    actions   = ["s3:ListBucket"]
    resources = [local.state_bucket_arn]
  }

  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = ["${local.state_bucket_arn}/${var.state_key}"]
  }

  # S3-native state locking (`use_lockfile`) writes and deletes `<key>.tflock`.
  statement {
    sid       = "LockState"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.state_bucket_arn}/${var.state_key}.tflock"]
  }

  statement {
    sid       = "ReadDataBucketConfiguration"
    actions   = ["s3:GetBucket*", "s3:Get*Configuration", "s3:ListBucket"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "ReadRepository"
    actions   = ["ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListTagsForResource"]
    resources = [var.repository_arn]
  }

  statement {
    sid       = "ReadRoles"
    actions   = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"]
    resources = [local.iam_role_pattern]
  }

  statement {
    sid       = "ReadPermissionsBoundary"
    actions   = ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"]
    resources = [var.permissions_boundary_arn]
  }

  statement {
    sid       = "ReadOidcProvider"
    actions   = ["iam:GetOpenIDConnectProvider"]
    resources = [local.oidc_provider_arn]
  }

  # Listing OIDC providers and KMS aliases has no resource-level permissions: AWS only accepts "*".
  # Both return names and ARNs only, no data.
  statement {
    sid       = "ListProvidersAndAliases"
    actions   = ["iam:ListOpenIDConnectProviders", "kms:ListAliases"]
    resources = ["*"]
  }

  statement {
    sid       = "ReadLogGroup"
    actions   = ["logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  }

  statement {
    sid       = "ReadAlerts"
    actions   = ["sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:ListSubscriptionsByTopic", "sns:GetSubscriptionAttributes"]
    resources = [local.topic_pattern]
  }

  statement {
    sid       = "ReadEventRule"
    actions   = ["events:DescribeRule", "events:ListTargetsByRule", "events:ListTagsForResource"]
    resources = [local.rule_pattern]
  }

  statement {
    sid       = "ReadDashboard"
    actions   = ["cloudwatch:GetDashboard"]
    resources = [local.dashboard_arn]
  }

  statement {
    sid       = "ReadAlarms"
    actions   = ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"]
    resources = [local.alarm_pattern]
  }

  statement {
    sid       = "ReadBudget"
    actions   = ["budgets:ViewBudget", "budgets:ListTagsForResource"]
    resources = [local.budget_pattern]
  }

  statement {
    sid       = "ReadKey"
    actions   = ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"]
    resources = [var.kms_key_arn]
  }
}
