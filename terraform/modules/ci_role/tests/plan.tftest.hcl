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
  github_repository            = "my-org/thai-ocr"
  github_environment           = "sandbox"
  state_bucket                 = "thai-ocr-sandbox-tfstate"
  state_key                    = "envs/sandbox/terraform.tfstate"
  bucket_arn                   = "arn:aws:s3:::thai-ocr-sandbox-data-1234567890"
  repository_arn               = "arn:aws:ecr:us-east-1:1234567890:repository/thai-ocr-sandbox-train"
  sagemaker_role_arn           = format("arn:aws:iam::%s:role/thai-ocr-sandbox-sagemaker-role", "1234567890")
  kms_key_arn                  = "arn:aws:kms:us-east-1:1234567890:key/example"
  permissions_boundary_arn     = format("arn:aws:iam::%s:policy/thai-ocr-sandbox-permissions-boundary", "1234567890")
  training_instance_types      = ["ml.g5.xlarge"]
  training_max_runtime_seconds = 21600
}

run "both_roles_bounded_and_named" {
  command = plan

  assert {
    condition     = aws_iam_role.plan.name == "thai-ocr-sandbox-ci-plan" && aws_iam_role.deploy.name == "thai-ocr-sandbox-ci-deploy"
    error_message = "role names follow the prefix"
  }

  assert {
    condition     = aws_iam_role.plan.permissions_boundary == var.permissions_boundary_arn && aws_iam_role.deploy.permissions_boundary == var.permissions_boundary_arn
    error_message = "both roles must carry the boundary"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 1
    error_message = "the OIDC provider is created by default"
  }
}

run "bad_github_branch_is_refused" {
  command = plan

  variables {
    github_branch = "release/*"
  }

  expect_failures = [var.github_branch]
}
