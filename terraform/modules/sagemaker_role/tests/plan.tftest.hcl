# terraform test (CI's module-tests job): plans against a mocked AWS provider, no credentials needed.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "1234567890" } # a mock, deliberately not 12 digits
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
}

variables {
  role_name                = "thai-ocr-sandbox-sagemaker-role"
  bucket_arn               = "arn:aws:s3:::thai-ocr-sandbox-data-1234567890"
  repository_arn           = "arn:aws:ecr:us-east-1:1234567890:repository/thai-ocr-sandbox-train"
  kms_key_arn              = "arn:aws:kms:us-east-1:1234567890:key/example"
  permissions_boundary_arn = format("arn:aws:iam::%s:policy/thai-ocr-sandbox-permissions-boundary", "1234567890")
}

run "bounded_role_named_as_asked" {
  command = plan

  assert {
    condition     = aws_iam_role.this.name == "thai-ocr-sandbox-sagemaker-role"
    error_message = "the role must take role_name"
  }

  assert {
    condition     = aws_iam_role.this.permissions_boundary == var.permissions_boundary_arn
    error_message = "the role must carry the permissions boundary"
  }
}

run "bad_bucket_arn_is_refused" {
  command = plan

  variables {
    bucket_arn = "arn:aws:s3:::*"
  }

  expect_failures = [var.bucket_arn]
}
