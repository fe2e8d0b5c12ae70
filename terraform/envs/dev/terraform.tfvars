# dev: the local stack (ENV=local) reads this file too, with environment = "local".
project                = "thai-ocr"
environment            = "dev"
region                 = "us-east-1"
github_repository      = "thai-ocr/thai-ocr"
github_branch          = "main"
state_bucket           = "thai-ocr-dev-tfstate"
state_key              = "envs/dev/terraform.tfstate"
log_retention_days     = 365
alert_email            = ""
image_keep_count       = 20
checkpoint_expiry_days = 14
tmp_expiry_days        = 7
