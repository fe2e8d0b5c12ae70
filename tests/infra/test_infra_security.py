"""Encryption, public-access blocking, TLS-only, rotation, retention: on, in the code that creates them."""
from __future__ import annotations

from infra_tf import MODULES_DIR, labelled, resources, statements, typed

BUCKET = MODULES_DIR / "data_bucket"


def test_bucket_blocks_every_kind_of_public_access():
    (pab,) = resources(BUCKET, "aws_s3_bucket_public_access_block")
    for key in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"):
        assert pab[key] is True, key
    (owner,) = resources(BUCKET, "aws_s3_bucket_ownership_controls")
    assert owner["rule"][0]["object_ownership"] == "BucketOwnerEnforced"


def test_bucket_is_encrypted_and_versioned():
    (sse,) = resources(BUCKET, "aws_s3_bucket_server_side_encryption_configuration")
    default = sse["rule"][0]["apply_server_side_encryption_by_default"][0]
    assert "aws:kms" in default["sse_algorithm"] and "AES256" in default["sse_algorithm"]
    assert default["kms_master_key_id"] == "${var.kms_key_arn}"
    (versioning,) = resources(BUCKET, "aws_s3_bucket_versioning")
    assert versioning["versioning_configuration"][0]["status"] == "Enabled"


def test_bucket_policy_denies_plain_http():
    (doc,) = [b for t, n, b in typed(BUCKET, "data") if t == "aws_iam_policy_document"]
    (st,) = statements(doc)
    assert st["effect"] == "Deny"
    assert st["condition"][0]["variable"] == "aws:SecureTransport" and st["condition"][0]["values"] == ["false"]


def test_bucket_lifecycle_expires_scratch_and_aborts_uploads():
    (lc,) = resources(BUCKET, "aws_s3_bucket_lifecycle_configuration")
    rules = {r["id"]: r for r in lc["rule"]}
    assert rules["expire-checkpoints"]["filter"][0]["prefix"] == "checkpoints/"
    assert rules["expire-tmp"]["filter"][0]["prefix"] == "tmp/"
    assert "abort_incomplete_multipart_upload" in rules["abort-incomplete-multipart-uploads"]
    assert rules["old-dataset-versions-to-infrequent-access"]["filter"][0]["prefix"] == "datasets/"


def test_repository_scans_is_immutable_and_encrypted():
    (repo,) = resources(MODULES_DIR / "image_repository", "aws_ecr_repository")
    assert repo["image_tag_mutability"] == "IMMUTABLE"
    assert repo["image_scanning_configuration"][0]["scan_on_push"] is True
    assert repo["encryption_configuration"][0]["kms_key"] == "${var.kms_key_arn}"
    assert resources(MODULES_DIR / "image_repository", "aws_ecr_lifecycle_policy")


def test_logs_and_alerts_are_encrypted():
    monitoring = MODULES_DIR / "monitoring"
    (group,) = resources(monitoring, "aws_cloudwatch_log_group")
    assert group["kms_key_id"] == "${var.kms_key_arn}" and group["retention_in_days"] == "${var.log_retention_days}"
    (topic,) = resources(monitoring, "aws_sns_topic")
    assert topic["kms_master_key_id"] == "${var.kms_key_arn}"


def test_alert_rule_matches_failed_and_stopped_training_jobs():
    monitoring = MODULES_DIR / "monitoring"
    assert labelled(monitoring, "variable")["alert_statuses"]["default"] == ["Failed", "Stopped"]
    (rule,) = resources(monitoring, "aws_cloudwatch_event_rule")
    assert "SageMaker Training Job State Change" in rule["event_pattern"]


def test_key_rotates_and_envs_encrypt_everything_with_it():
    (key,) = resources(MODULES_DIR / "kms_key", "aws_kms_key")
    assert key["enable_key_rotation"] is True
    from infra_tf import ENVS_DIR

    for env in ("dev", "prod"):
        calls = labelled(ENVS_DIR / env, "module")
        for module in ("data_bucket", "image_repository", "sagemaker_role", "monitoring"):
            assert calls[module]["kms_key_arn"] == "${module.kms.key_arn}", (env, module)
