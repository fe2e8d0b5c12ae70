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
  name_prefix                  = "thai-ocr-sandbox"
  bucket_arn                   = "arn:aws:s3:::thai-ocr-sandbox-data-1234567890"
  repository_arn               = "arn:aws:ecr:us-east-1:1234567890:repository/thai-ocr-sandbox-train"
  kms_key_arn                  = "arn:aws:kms:us-east-1:1234567890:key/example"
  state_bucket                 = "thai-ocr-sandbox-tfstate"
  state_key                    = "envs/sandbox/terraform.tfstate"
  training_role_name           = "thai-ocr-sandbox-sagemaker-role"
  training_instance_types      = ["ml.g5.xlarge"]
  training_max_runtime_seconds = 21600
}

run "named_after_the_env" {
  command = plan

  assert {
    condition     = aws_iam_policy.boundary.name == "thai-ocr-sandbox-permissions-boundary"
    error_message = "the boundary must be <prefix>-permissions-boundary"
  }
}

run "bad_training_instance_types_is_refused" {
  command = plan

  variables {
    training_instance_types = []
  }

  expect_failures = [var.training_instance_types]
}
