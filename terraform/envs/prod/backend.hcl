# terraform init -backend-config=backend.hcl  (TF_STATE_BUCKET overrides the bucket, see terraform/README.md)
bucket       = "thai-ocr-prod-tfstate"
key          = "envs/prod/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
