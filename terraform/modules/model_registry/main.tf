# The model lifecycle of one environment: the model package group every trained version is registered
# in, the serving image repository, the role SageMaker endpoints run as, and what endpoint autoscaling
# needs. Endpoints themselves are created by `make deploy` (python/thaiocr/deploy), from an approved
# package, so a deploy is a registry decision, not a Terraform change.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  region    = data.aws_region.current.name

  names = {
    group         = "${var.name_prefix}-models"
    serve         = "${var.name_prefix}-serve"
    endpoint_role = "${var.name_prefix}-endpoint-role"
    endpoint      = "${var.name_prefix}-ocr"
  }

  serve_repository_arn = var.create_serve_repository ? aws_ecr_repository.serve[0].arn : var.serve_repository_arn
  serve_repository_url = var.create_serve_repository ? aws_ecr_repository.serve[0].repository_url : var.serve_repository_url
  endpoint_arn_prefix  = "arn:${local.partition}:sagemaker:${local.region}:${local.account}"
  endpoint_log_group   = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/sagemaker/Endpoints/${local.names.endpoint}"
}

resource "aws_sagemaker_model_package_group" "this" {
  model_package_group_name        = local.names.group
  model_package_group_description = "Versions of the ${var.name_prefix} Thai line recogniser (thaiocr model register)"
  tags                            = var.tags
}

resource "aws_ecr_repository" "serve" {
  count                = var.create_serve_repository ? 1 : 0
  name                 = local.names.serve
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_delete
  tags                 = var.tags

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }
}

resource "aws_ecr_lifecycle_policy" "serve" {
  count      = var.create_serve_repository ? 1 : 0
  repository = aws_ecr_repository.serve[0].name

  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.keep_images} serving images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.keep_images }
      action       = { type = "expire" }
    }]
  })
}

# SageMaker's own role for scaling endpoint variants; one per account, so the second env sharing an
# account sets create_autoscaling_service_linked_role = false.
resource "aws_iam_service_linked_role" "autoscaling" {
  count            = var.create_autoscaling_service_linked_role ? 1 : 0
  aws_service_name = "sagemaker.application-autoscaling.amazonaws.com"
  description      = "Application Auto Scaling of SageMaker endpoint variants"
}
