"""The registry and serving blocks of the env configs, and the names Terraform and the local stack share."""
import re
from pathlib import Path

import pytest

from thaiocr.deploy import settings as serving
from thaiocr.errors import UserError
from thaiocr.registry import settings as registry

REPO = Path(__file__).resolve().parents[2]
MODULE = REPO / "terraform/modules/model_registry"


@pytest.mark.parametrize("env", ["local", "dev", "prod"])
def test_every_env_config_has_valid_blocks(env):
    reg = registry.load(env)
    assert 0 <= reg.replay_fraction <= 1 and reg.gate_margin > 0
    s = serving.load(env)
    assert s.min_instances <= s.max_instances


def test_bad_values_are_one_line_errors():
    with pytest.raises(UserError, match="replay_fraction"):
        registry.parse("dev", {"registry": {"replay_fraction": 2}})
    with pytest.raises(UserError, match="unknown keys gate"):
        registry.parse("dev", {"registry": {"gate": 1}})
    with pytest.raises(UserError, match="max_instances"):
        serving.parse("dev", {"serving": {"min_instances": 3, "max_instances": 2}})
    with pytest.raises(UserError, match="serving.async.max_instances"):
        serving.parse("dev", {"serving": {"async": {"max_instances": 0}}})


def test_module_names_equal_the_python_derivation():
    from thaiocr.infra.naming import Names

    main = (MODULE / "main.tf").read_text()
    names = Names(project="thai-ocr", environment="dev", account_id="0")
    for key, python in (("group", names.model_package_group), ("endpoint_role", names.endpoint_role),
                        ("endpoint", names.endpoint)):
        (pattern,) = re.findall(rf'^\s+{key}\s+=\s+"\$\{{var.name_prefix\}}(-[a-z-]+)"', main, re.M)
        assert names.prefix + pattern == python


def test_local_endpoint_role_has_terraforms_statements():
    from thaiocr.infra.policies import endpoint_permissions

    endpoint_doc = (MODULE / "iam.tf").read_text().split('data "aws_iam_policy_document" "deployer"')[0]
    tf_sids = re.findall(r'sid\s+=\s+"(\w+)"', endpoint_doc)
    local = endpoint_permissions(bucket_arn="arn:aws:s3:::b", serve_repository_arn="r", kms_key_arn="k",
                                 endpoint_log_group_arn="l")
    assert [s["Sid"] for s in local["Statement"]] == tf_sids


def test_envs_wire_the_module_and_export_the_outputs_fields():
    from dataclasses import fields

    from thaiocr.infra.outputs import LIFECYCLE_FIELDS, InfraOutputs

    assert set(LIFECYCLE_FIELDS) <= {f.name for f in fields(InfraOutputs)}
    for env in ("dev", "prod"):
        main = (REPO / f"terraform/envs/{env}/main.tf").read_text()
        outputs = (REPO / f"terraform/envs/{env}/outputs.tf").read_text()
        assert 'source                                 = "../../modules/model_registry"' in main
        for name in LIFECYCLE_FIELDS:
            assert f'output "{name}"' in outputs
    assert (MODULE / "tests/plan.tftest.hcl").is_file() and (MODULE / "examples/basic/main.tf").is_file()
