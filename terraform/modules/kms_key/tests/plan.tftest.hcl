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
  alias_name = "thai-ocr-sandbox"
}

run "rotates_with_an_alias" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "the key must rotate"
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/thai-ocr-sandbox"
    error_message = "the alias must be alias/<alias_name>"
  }
}

run "bad_alias_name_is_refused" {
  command = plan

  variables {
    alias_name = "aws/reserved"
  }

  expect_failures = [var.alias_name]
}
