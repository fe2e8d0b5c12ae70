"""Every module is used and tested the way terraform-aws-modules are: an examples/ root that calls it and a
tests/*.tftest.hcl that CI's `terraform test` runs (.github/workflows/ci.yml, module-tests). Here, without
providers, they are checked statically: they parse, name only variables the module declares, give every
required one, and assert on resources the module has."""
from __future__ import annotations

import re

import pytest

from thaiocr.infra.hcl import load_hcl

from infra_tf import MODULES, MODULES_DIR, labelled, typed

_REF = re.compile(r"\b(aws_[a-z0-9_]+)\.([a-z0-9_]+)")


def _declared(module):
    return labelled(MODULES_DIR / module, "variable")


def _resources(module):
    return {(t, n) for kind in ("resource", "data") for t, n, _ in typed(MODULES_DIR / module, kind)}


@pytest.mark.parametrize("module", MODULES)
def test_module_has_an_example_that_calls_it_with_every_required_variable(module):
    examples = sorted(p for p in (MODULES_DIR / module / "examples").glob("*") if p.is_dir())
    assert examples, f"{module} has no examples/"
    declared = _declared(module)
    required = {n for n, v in declared.items() if "default" not in v}
    for example in examples:
        assert (example / "versions.tf").is_file(), f"{example.name}: no versions.tf"
        calls = [body for name, body in labelled(example, "module").items() if body.get("source") == "../.."]
        assert len(calls) == 1, f"{module}/examples/{example.name} must call the module once (source = \"../..\")"
        passed = set(calls[0]) - {"source"}
        assert passed <= set(declared), f"{example.name} passes unknown {passed - set(declared)}"
        assert required <= passed, f"{example.name} misses required {required - passed}"


@pytest.mark.parametrize("module", MODULES)
def test_module_has_terraform_tests_that_fit_it(module):
    files = sorted((MODULES_DIR / module / "tests").glob("*.tftest.hcl"))
    assert files, f"{module} has no tests/*.tftest.hcl"
    declared, known = _declared(module), _resources(module)
    required = {n for n, v in declared.items() if "default" not in v}
    for path in files:
        doc = load_hcl(path)  # parses, or fails with the file's name
        top = {k: v for block in doc.get("variables", []) for k, v in block.items()}
        runs = [(name, body) for block in doc.get("run", []) for name, body in block.items()]
        assert runs, f"{path.name}: no run blocks"
        assert doc.get("mock_provider"), f"{path.name}: plans need a mocked provider (no credentials in CI)"
        for name, body in runs:
            given = {**top, **{k: v for block in body.get("variables", []) for k, v in block.items()}}
            assert set(given) <= set(declared), f"{path.name}/{name}: unknown variables {set(given) - set(declared)}"
            assert required <= set(given), f"{path.name}/{name}: missing required {required - set(given)}"
            assert body.get("command", "apply") == "plan", f"{path.name}/{name}: plan only (nothing is created)"
            checks = body.get("assert", [])
            failures = body.get("expect_failures", [])
            assert checks or failures, f"{path.name}/{name}: asserts nothing"
            for check in checks:
                for ref in _REF.findall(check["condition"]):
                    assert ref in known, f"{path.name}/{name}: {'.'.join(ref)} is not in {module}"
                assert check.get("error_message"), f"{path.name}/{name}: an assert without a message"
            for failure in failures:
                var = re.fullmatch(r"\$\{var\.(\w+)\}", failure)
                assert var and var.group(1) in declared, f"{path.name}/{name}: expect_failures {failure}"
                assert declared[var.group(1)].get("validation"), f"{path.name}/{name}: {var.group(1)} has no rule to fail"


def test_every_module_has_a_run_that_proves_a_validation_refuses():
    for module in MODULES:
        docs = [load_hcl(p) for p in (MODULES_DIR / module / "tests").glob("*.tftest.hcl")]
        failures = [f for d in docs for block in d.get("run", []) for body in block.values()
                    for f in body.get("expect_failures", [])]
        assert failures, f"{module}: no run shows a bad input refused"
