# terraform test (no AWS credentials: the provider is mocked)

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
  name_prefix = "thai-ocr-dev"
  bucket_arn  = "arn:aws:s3:::thai-ocr-dev-data-1234567890"
  kms_key_arn = "arn:aws:kms:us-east-1:1234567890:key/abc"
}

run "names_follow_the_prefix" {
  command = plan

  assert {
    condition     = aws_sagemaker_model_package_group.this.model_package_group_name == "thai-ocr-dev-models"
    error_message = "the group must be <prefix>-models"
  }
  assert {
    condition     = aws_iam_role.endpoint.name == "thai-ocr-dev-endpoint-role"
    error_message = "the endpoint role must be <prefix>-endpoint-role"
  }
  assert {
    condition     = aws_ecr_repository.serve[0].image_tag_mutability == "IMMUTABLE"
    error_message = "serving image tags must be immutable"
  }
  assert {
    condition     = output.endpoint_name == "thai-ocr-dev-ocr"
    error_message = "the endpoint must be <prefix>-ocr"
  }
}

run "shared_account_skips_the_service_linked_role" {
  command = plan
  variables {
    create_autoscaling_service_linked_role = false
  }

  assert {
    condition     = length(aws_iam_service_linked_role.autoscaling) == 0
    error_message = "the second env of an account must not create the service-linked role again"
  }
}

run "bad_prefix_is_refused" {
  command = plan
  variables {
    name_prefix = "Thai_OCR"
  }
  expect_failures = [var.name_prefix]
}
