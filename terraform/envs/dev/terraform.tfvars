# dev: the local stack (ENV=local) reads this file too, with environment = "local".
project                = "thai-ocr"
environment            = "dev"
region                 = "us-east-1"
github_repository      = "thai-ocr/thai-ocr"
github_branch          = "main"
state_bucket           = "thai-ocr-dev-tfstate"
state_key              = "envs/dev/terraform.tfstate"
log_retention_days     = 365
alert_email            = "thai-ocr-alerts@example.com" # replace with your team's address (bootstrap step 2)
image_keep_count       = 20
checkpoint_expiry_days = 14
tmp_expiry_days        = 7
monthly_budget_usd     = 100
# Equal to training.allowed_instance_types and max_runtime_hours of configs/envs/dev.yaml (a test checks).
training_instance_types    = ["ml.g4dn.xlarge", "ml.g5.xlarge", "ml.g6.xlarge"]
training_max_runtime_hours = 6
