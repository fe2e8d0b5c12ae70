"""Module structure: files, typed and described variables, described outputs, validation rules, README usage."""
from __future__ import annotations

import re

import pytest

from infra_tf import ENVS_DIR, MODULES, MODULES_DIR, REQUIRED_MODULE_FILES, labelled, parse_dir

EXPECTED_MODULES = {"data_bucket", "image_repository", "sagemaker_role", "monitoring", "ci_role", "kms_key"}
every_root_and_module = pytest.mark.parametrize(
    "where", [MODULES_DIR / m for m in MODULES] + [ENVS_DIR / e for e in ("dev", "prod")],
    ids=lambda p: f"{p.parent.name}/{p.name}")


def test_every_expected_module_exists():
    assert EXPECTED_MODULES <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_module_has_its_files(module):
    missing = [f for f in REQUIRED_MODULE_FILES if not (MODULES_DIR / module / f).is_file()]
    assert not missing, f"{module} lacks {missing}"


@pytest.mark.parametrize("module", MODULES)
def test_readme_has_a_usage_block_for_this_module(module):
    readme = (MODULES_DIR / module / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```hcl\n(.*?)```", readme, re.S)
    assert block, f"{module}/README.md has no ```hcl usage block"
    assert 'source' in block.group(1) and f"modules/{module}\"" in block.group(1)


@every_root_and_module
def test_every_variable_is_typed_and_described(where):
    variables = labelled(where, "variable")
    assert variables, f"{where} declares no variables"
    for name, body in variables.items():
        assert body.get("type"), f"{where.name}: variable {name} has no type"
        assert str(body.get("description", "")).strip(), f"{where.name}: variable {name} has no description"


@every_root_and_module
def test_every_output_is_described(where):
    outputs = labelled(where, "output")
    assert outputs, f"{where} has no outputs"
    for name, body in outputs.items():
        assert str(body.get("description", "")).strip(), f"{where.name}: output {name} has no description"
        assert "value" in body


@pytest.mark.parametrize("module", MODULES)
def test_versions_pin_terraform_and_the_aws_provider(module):
    (terraform,) = parse_dir(MODULES_DIR / module)["terraform"]
    assert terraform["required_version"].startswith(">= 1.")
    aws = terraform["required_providers"][0]["aws"]
    assert aws["source"] == "hashicorp/aws" and "<" in aws["version"]


def _validations(where, variable):
    return labelled(where, "variable")[variable].get("validation", [])


@pytest.mark.parametrize("where, variable, must_mention", [
    (MODULES_DIR / "monitoring", "log_retention_days", ["3653", "365", "1", "731"]),
    (ENVS_DIR / "dev", "log_retention_days", ["3653", "365", "1", "731"]),
    (MODULES_DIR / "monitoring", "alert_email", ["@"]),
    (ENVS_DIR / "dev", "alert_email", ["@"]),
    (ENVS_DIR / "dev", "environment", ['"dev"', '"prod"']),
    (ENVS_DIR / "prod", "environment", ['"dev"', '"prod"']),
    (MODULES_DIR / "data_bucket", "bucket_name", ["regex"]),
    (MODULES_DIR / "image_repository", "keep_images", ["1000"]),
    (MODULES_DIR / "ci_role", "github_repository", ["regex"]),
])
def test_values_with_rules_have_validation_blocks(where, variable, must_mention):
    rules = _validations(where, variable)
    assert rules, f"{where.name}: {variable} has no validation block"
    condition = " ".join(r["condition"] for r in rules)
    for token in must_mention:
        assert token in condition, f"{where.name}: {variable}'s validation does not mention {token}"
    assert all(r.get("error_message") for r in rules)


def test_retention_rule_lists_exactly_what_cloudwatch_accepts():
    from thaiocr.infra.local import CLOUDWATCH_RETENTION_DAYS

    allowed = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
               3288, 3653}
    assert set(CLOUDWATCH_RETENTION_DAYS) == allowed
    for where in (MODULES_DIR / "monitoring", ENVS_DIR / "dev", ENVS_DIR / "prod"):
        (rule,) = _validations(where, "log_retention_days")
        listed = {int(n) for n in re.search(r"\[([0-9,\s]+)\]", rule["condition"]).group(1).split(",")}
        assert listed == allowed, where


def test_dashboard_shows_exactly_the_metrics_the_jobs_emit():
    metrics = pytest.importorskip("thaiocr.train.metrics")
    widgets = labelled(MODULES_DIR / "monitoring", "variable")["metric_widgets"]["default"]
    on_dashboard = [name for names in widgets.values() for name in names]
    assert len(on_dashboard) == len(set(on_dashboard)), "a metric is on two widgets"
    assert set(on_dashboard) == set(metrics.METRIC_NAMES)
