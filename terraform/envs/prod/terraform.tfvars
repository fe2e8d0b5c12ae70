project                = "thai-ocr"
environment            = "prod"
region                 = "us-east-1"
github_repository      = "thai-ocr/thai-ocr"
github_branch          = "main"
state_bucket           = "thai-ocr-prod-tfstate"
state_key              = "envs/prod/terraform.tfstate"
log_retention_days     = 731
alert_email            = "thai-ocr-alerts@example.com" # replace with your team's address (bootstrap step 2)
image_keep_count       = 50
checkpoint_expiry_days = 30
tmp_expiry_days        = 7
monthly_budget_usd     = 1000
# Equal to training.allowed_instance_types and max_runtime_hours of configs/envs/prod.yaml (a test checks).
training_instance_types    = ["ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge", "ml.g5.12xlarge", "ml.g6.2xlarge"]
training_max_runtime_hours = 24
