"""dev and prod root modules: identical code, per-env settings, every module wired, outputs = InfraOutputs."""
from __future__ import annotations

import re
from dataclasses import fields

import pytest
import yaml

from thaiocr.infra.hcl import load_hcl
from thaiocr.infra.outputs import InfraOutputs

from infra_tf import ENVS, ENVS_DIR, MODULES, MODULES_DIR, REPO, labelled, parse_dir, typed

SHARED_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "providers.tf")


@pytest.mark.parametrize("name", SHARED_FILES)
def test_dev_and_prod_run_the_same_code(name):
    """Differences between environments live in terraform.tfvars and backend.hcl only."""
    assert (ENVS_DIR / "dev" / name).read_text() == (ENVS_DIR / "prod" / name).read_text()


@pytest.mark.parametrize("env", ENVS)
def test_env_calls_every_module(env):
    calls = labelled(ENVS_DIR / env, "module")
    sources = {body["source"] for body in calls.values()}
    assert sources == {f"../../modules/{m}" for m in MODULES}


@pytest.mark.parametrize("env", ENVS)
def test_module_calls_pass_known_variables_and_all_required_ones(env):
    for call, body in labelled(ENVS_DIR / env, "module").items():
        module_dir = (ENVS_DIR / env / body["source"]).resolve()
        declared = labelled(module_dir, "variable")
        passed = set(body) - {"source"}
        assert passed <= set(declared), f"{call} passes unknown {passed - set(declared)}"
        required = {n for n, v in declared.items() if "default" not in v}
        assert required <= passed, f"{call} misses required {required - passed}"


@pytest.mark.parametrize("env", ENVS)
def test_outputs_are_the_infra_outputs_fields_and_come_from_module_outputs(env):
    outputs = labelled(ENVS_DIR / env, "output")
    assert {f.name for f in fields(InfraOutputs)} <= set(outputs)
    calls = labelled(ENVS_DIR / env, "module")
    for name, body in outputs.items():
        m = re.fullmatch(r"\$\{module\.(\w+)\.(\w+)\}", body["value"])
        assert m, f"output {name} is not a module output"
        module_dir = (ENVS_DIR / env / calls[m.group(1)]["source"]).resolve()
        assert m.group(2) in labelled(module_dir, "output"), f"output {name}: {m.group(0)} does not exist"


@pytest.mark.parametrize("module", MODULES)
def test_every_module_output_references_something_real(module):
    """An output whose value names a resource or data source the module does not declare is a typo."""
    declared = {f"{t}.{n}" for kind in ("resource", "data") for t, n, _ in typed(MODULES_DIR / module, kind)}
    for name, body in labelled(MODULES_DIR / module, "output").items():
        for ref in re.findall(r"\b(aws_\w+\.\w+)", str(body["value"])):
            assert ref in declared, f"{module}.{name} references {ref}, which the module does not declare"


@pytest.mark.parametrize("env", ENVS)
def test_versions_backend_and_default_tags(env):
    (terraform,) = parse_dir(ENVS_DIR / env)["terraform"]
    assert re.fullmatch(r"~> 1\.\d+", terraform["required_version"])
    aws = terraform["required_providers"][0]["aws"]
    assert aws["source"] == "hashicorp/aws" and re.fullmatch(r"~> \d+\.\d+", aws["version"])
    assert "s3" in terraform["backend"][0]
    (provider,) = parse_dir(ENVS_DIR / env)["provider"]
    tags = provider["aws"]["default_tags"][0]["tags"]
    assert set(tags) == {"Project", "Environment", "ManagedBy"}
    assert tags["Environment"] == "${var.environment}" and tags["Project"] == "${var.project}"


@pytest.mark.parametrize("env", ENVS)
def test_backend_config_locks_encrypts_and_matches_the_ci_role_grant(env):
    backend = load_hcl(ENVS_DIR / env / "backend.hcl")
    assert backend["use_lockfile"] is True and backend["encrypt"] is True
    assert backend["key"] == f"envs/{env}/terraform.tfstate"
    tfvars = load_hcl(ENVS_DIR / env / "terraform.tfvars")
    assert tfvars["state_bucket"] == backend["bucket"] and tfvars["state_key"] == backend["key"]
    assert backend["region"] == tfvars["region"]


@pytest.mark.parametrize("env", ENVS)
def test_tfvars_name_the_env_declare_known_variables_and_match_the_env_config(env):
    tfvars = load_hcl(ENVS_DIR / env / "terraform.tfvars")
    assert tfvars["environment"] == env
    assert set(tfvars) <= set(labelled(ENVS_DIR / env, "variable"))
    config = yaml.safe_load((REPO / "configs" / "envs" / f"{env}.yaml").read_text(encoding="utf-8"))
    assert tfvars["region"] == config.get("region", "us-east-1"), "one region per env, in both files"


def test_local_mirrors_dev_and_its_config_region():
    from thaiocr.infra.hcl import tfvars

    values = tfvars("local")
    assert values["environment"] == "local"
    config = yaml.safe_load((REPO / "configs" / "envs" / "local.yaml").read_text(encoding="utf-8"))
    assert values["region"] == config.get("region", "us-east-1")
