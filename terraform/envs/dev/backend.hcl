# terraform init -backend-config=backend.hcl  (TF_STATE_BUCKET overrides the bucket, see terraform/README.md)
bucket       = "thai-ocr-dev-tfstate"
key          = "envs/dev/terraform.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
