terraform {
  required_version = "~> 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.95"
    }
  }

  # Bucket, key and region come from backend.hcl: terraform init -backend-config=backend.hcl
  backend "s3" {}
}
