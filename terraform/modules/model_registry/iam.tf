# The endpoint execution role (least privilege: read model artifacts and async inputs, pull the serve
# image, write async outputs, logs and metrics) and the deployer policy (`make deploy`: models, endpoint
# configs, endpoints and their scaling, all under this env's names). python/thaiocr/infra/policies.py
# holds the same statements for the local stack; a test compares the statement IDs.

data "aws_iam_policy_document" "endpoint_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

data "aws_iam_policy_document" "endpoint" {
  statement {
    sid       = "ReadModelArtifacts"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/models/*", "${var.bucket_arn}/${var.async_prefix}input/*"]
  }
  statement {
    sid       = "WriteAsyncOutputs"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${var.bucket_arn}/${var.async_prefix}output/*"]
  }
  statement {
    sid       = "PullServeImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = [local.serve_repository_arn]
  }
  # AWS accepts only "*" for GetAuthorizationToken; PullServeImage decides what can be pulled.
  statement {
    sid       = "GetEcrLoginToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "WriteEndpointLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${local.endpoint_log_group}*", "${local.endpoint_log_group}*:log-stream:*"]
  }
  # AWS accepts only "*" for PutMetricData; the namespace condition confines it.
  statement {
    sid       = "PublishEndpointMetrics"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringLike"
      variable = "cloudwatch:namespace"
      values   = ["/aws/sagemaker/Endpoints", "thaiocr/serving"]
    }
  }
  statement {
    sid       = "UseEnvironmentKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role" "endpoint" {
  name                 = local.names.endpoint_role
  description          = "SageMaker endpoints of ${var.name_prefix} (thaiocr deploy)"
  assume_role_policy   = data.aws_iam_policy_document.endpoint_trust.json
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "endpoint" {
  name   = "serving"
  role   = aws_iam_role.endpoint.id
  policy = data.aws_iam_policy_document.endpoint.json
}

locals {
  endpoint_actions = [
    "sagemaker:CreateModel", "sagemaker:DeleteModel", "sagemaker:DescribeModel",
    "sagemaker:CreateEndpointConfig", "sagemaker:DeleteEndpointConfig", "sagemaker:DescribeEndpointConfig",
    "sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint", "sagemaker:DeleteEndpoint", "sagemaker:DescribeEndpoint",
    "sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:AddTags",
  ]
  endpoint_resources = [
    "${local.endpoint_arn_prefix}:model/${var.name_prefix}-*",
    "${local.endpoint_arn_prefix}:endpoint-config/${var.name_prefix}-*",
    "${local.endpoint_arn_prefix}:endpoint/${var.name_prefix}-*",
  ]
}

data "aws_iam_policy_document" "deployer" {
  statement {
    sid       = "ManageEndpoints"
    actions   = local.endpoint_actions
    resources = local.endpoint_resources
  }
  statement {
    sid       = "UseModelRegistry"
    actions   = ["sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage", "sagemaker:UpdateModelPackage", "sagemaker:ListModelPackages", "sagemaker:DescribeModelPackageGroup"]
    resources = [aws_sagemaker_model_package_group.this.arn, "${local.endpoint_arn_prefix}:model-package/${local.names.group}/*"]
  }
  statement {
    sid       = "ReadTrainingJobs"
    actions   = ["sagemaker:DescribeTrainingJob", "sagemaker:ListTags"]
    resources = ["${local.endpoint_arn_prefix}:training-job/thaiocr-*"]
  }
  statement {
    sid       = "RegistryRecords"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arn}/registry/*", "${var.bucket_arn}/pretrained/registry/*", "${var.bucket_arn}/${var.async_prefix}*"]
  }
  statement {
    sid       = "ReadModelsAndCheckpoints"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/models/*", "${var.bucket_arn}/checkpoints/*", "${var.bucket_arn}/datasets/*"]
  }
  statement {
    sid       = "ListRegistryPrefixes"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["registry/*", "pretrained/*", "checkpoints/*", "models/*", "datasets/*", "${var.async_prefix}*"]
    }
  }
  statement {
    sid       = "UseEnvironmentKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }
  statement {
    sid       = "CheckServeImage"
    actions   = ["ecr:DescribeImages"]
    resources = [local.serve_repository_arn]
  }
  statement {
    sid       = "PassEndpointRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.endpoint.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["sagemaker.amazonaws.com"]
    }
  }
  # Register/deregister and policies on this account's SageMaker scalable targets (no Describe*: they
  # take only "*", and deploy works without them).
  statement {
    sid       = "ScaleEndpoints"
    actions   = ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy"]
    resources = ["arn:${local.partition}:application-autoscaling:${local.region}:${local.account}:scalable-target/*"]
    condition {
      test     = "StringEquals"
      variable = "application-autoscaling:service-namespace"
      values   = ["sagemaker"]
    }
  }
  statement {
    sid       = "TargetTrackingAlarms"
    actions   = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"]
    resources = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account}:alarm:TargetTracking-endpoint/${var.name_prefix}-*", "arn:${local.partition}:cloudwatch:${local.region}:${local.account}:alarm:${var.name_prefix}-*"]
  }
}

resource "aws_iam_policy" "deployer" {
  name        = "${var.name_prefix}-deployer"
  description = "What thaiocr deploy/undeploy/invoke and the registry commands need in ${var.name_prefix}"
  policy      = data.aws_iam_policy_document.deployer.json
  tags        = var.tags
}
