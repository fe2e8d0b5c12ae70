# The permissions boundary of every role CI manages (the training role and both CI roles). A boundary
# grants nothing by itself: it caps what a role's own policies can grant. This one caps them at this
# environment's resources, and denies the ways a role could lift the cap: creating or changing a role
# without this boundary, removing it, rewriting it, changing a trust policy, or touching the CI roles.
# So the deploy role may write the training role's policy, but the result can never exceed this.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # Built from the name, not read from the resource: the policy refers to itself.
  policy_name       = "${var.name_prefix}-permissions-boundary"
  policy_arn        = "arn:${local.partition}:iam::${local.account_id}:policy/${local.policy_name}"
  role_pattern      = "arn:${local.partition}:iam::${local.account_id}:role/${var.name_prefix}-*"
  training_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${var.training_role_name}"
  ci_role_arns      = ["arn:${local.partition}:iam::${local.account_id}:role/${var.name_prefix}-ci-plan", "arn:${local.partition}:iam::${local.account_id}:role/${var.name_prefix}-ci-deploy"]
  oidc_provider_arn = "arn:${local.partition}:iam::${local.account_id}:oidc-provider/token.actions.githubusercontent.com"
  state_bucket_arn  = "arn:${local.partition}:s3:::${var.state_bucket}"
  log_group_arn     = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${var.log_group_name}"
  log_groups_arn    = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:"
  # the training log group, the processing jobs' and this env's endpoints' (modules/model_registry)
  log_group_arns = [
    local.log_group_arn, "${local.log_group_arn}:*",
    "${local.log_groups_arn}${var.processing_log_group_name}", "${local.log_groups_arn}${var.processing_log_group_name}:*",
    "${local.log_groups_arn}/aws/sagemaker/Endpoints/${var.name_prefix}-*",
  ]
  endpoint_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/${var.name_prefix}-endpoint-role"
  serving_arn       = "arn:${local.partition}:sagemaker:${local.region}:${local.account_id}"
  serving_resources = [
    "${local.serving_arn}:model/${var.name_prefix}-*", "${local.serving_arn}:endpoint-config/${var.name_prefix}-*",
    "${local.serving_arn}:endpoint/${var.name_prefix}-*", "${local.serving_arn}:model-package-group/${var.name_prefix}-*",
    "${local.serving_arn}:model-package/${var.name_prefix}-*",
  ]
  kms_alias_arn = "arn:${local.partition}:kms:${local.region}:${local.account_id}:alias/${var.name_prefix}"
  training_jobs = "arn:${local.partition}:sagemaker:${local.region}:${local.account_id}:training-job/*"
  named_resources = [
    "arn:${local.partition}:sns:${local.region}:${local.account_id}:${var.name_prefix}-*",
    "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${var.name_prefix}-*",
    "arn:${local.partition}:cloudwatch::${local.account_id}:dashboard/${var.name_prefix}-*",
    "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.name_prefix}-*",
    "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:TargetTracking-endpoint/${var.name_prefix}-*",
  ]
  budget_pattern = "arn:${local.partition}:budgets::${local.account_id}:budget/${var.name_prefix}-*"

  # Every IAM call that changes what a role may do or who may assume it.
  role_writes = [
    "iam:CreateRole", "iam:DeleteRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy",
    "iam:DetachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:TagRole", "iam:UntagRole",
  ]
}

resource "aws_iam_policy" "boundary" {
  name        = local.policy_name
  description = "Permissions boundary of ${var.name_prefix}'s CI-managed roles: this environment only, no escalation"
  policy      = data.aws_iam_policy_document.boundary.json
  tags        = var.tags
}
