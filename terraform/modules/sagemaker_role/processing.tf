# Sharded dataset jobs (SageMaker Processing, `make data INSTANCES=N`) run with this role too. On top of
# the training permissions they need: their run prefix (shards written, read back and copied), the
# documents they import, the datasets they publish by content hash, and their own log group. A separate
# inline policy, so the training statements stay as they are.

variable "processing_run_prefix" {
  type        = string
  description = "Scratch prefix of sharded dataset runs (expired by the bucket's tmp/ lifecycle rule)."
  default     = "tmp/processing/"

  validation {
    condition     = can(regex("^[a-z0-9_/-]+/$", var.processing_run_prefix)) && !strcontains(var.processing_run_prefix, "*")
    error_message = "processing_run_prefix must be a key prefix ending in '/', without wildcards."
  }
}

variable "processing_read_prefixes" {
  type        = list(string)
  description = "Prefixes a Processing job reads documents from (PDFs to import)."
  default     = ["raw/"]

  validation {
    condition     = alltrue([for p in var.processing_read_prefixes : can(regex("^[a-z0-9_-]+/$", p))])
    error_message = "processing_read_prefixes must be plain top-level prefixes ending in '/', without wildcards."
  }
}

variable "processing_publish_prefix" {
  type        = string
  description = "Where a Processing job publishes finished datasets (datasets/<name>/<hash>/ and LATEST.json)."
  default     = "datasets/"

  validation {
    condition     = can(regex("^[a-z0-9_-]+/$", var.processing_publish_prefix))
    error_message = "processing_publish_prefix must be a plain top-level prefix ending in '/'."
  }
}

variable "processing_log_group_name" {
  type        = string
  description = "Log group of Processing containers (SageMaker always uses this name and creates it on first use)."
  default     = "/aws/sagemaker/ProcessingJobs"
}

locals {
  processing_log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${var.processing_log_group_name}"
  processing_reads         = concat([var.processing_run_prefix], var.processing_read_prefixes)
}

data "aws_iam_policy_document" "processing" {
  statement {
    sid       = "ListProcessingPrefixes"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [for p in concat(local.processing_reads, [var.processing_publish_prefix]) : "${p}*"]
    }
  }

  statement {
    sid       = "ReadRunsAndDocuments"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = [for p in local.processing_reads : "${var.bucket_arn}/${p}*"]
  }

  statement {
    sid       = "WriteRunsAndPublishDatasets"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${var.bucket_arn}/${var.processing_run_prefix}*", "${var.bucket_arn}/${var.processing_publish_prefix}*"]
  }

  statement {
    sid       = "WriteProcessingLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = [local.processing_log_group_arn, "${local.processing_log_group_arn}:log-stream:*"]
  }
}

resource "aws_iam_role_policy" "processing" {
  name   = "processing"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.processing.json
}
