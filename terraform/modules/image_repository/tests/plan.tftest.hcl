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
  repository_name = "thai-ocr-sandbox-train"
  kms_key_arn     = "arn:aws:kms:us-east-1:1234567890:key/example"
}

run "immutable_and_scanned" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "tags must be immutable (a SHA tag means one image)"
  }

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "images must be scanned on push"
  }
}

run "bad_keep_images_is_refused" {
  command = plan

  variables {
    keep_images = 0
  }

  expect_failures = [var.keep_images]
}
