"""The Processing job's permissions (Terraform and the local stack agree, and they reach only what a
sharded run touches) and the request it is started with."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _terraform_statements() -> list[dict]:
    from thaiocr.infra.hcl import load_hcl

    data = load_hcl(REPO / "terraform/modules/sagemaker_role/processing.tf")
    (doc,) = [b["aws_iam_policy_document"]["processing"] for b in data["data"] if "aws_iam_policy_document" in b]
    return doc["statement"]


def test_local_processing_policy_mirrors_terraform():
    from thaiocr.infra.policies import sagemaker_processing_permissions

    local = sagemaker_processing_permissions(bucket_arn="arn:aws:s3:::b", log_group_arn="arn:aws:logs:r:1:log-group:g",
                                             run_prefix="tmp/processing/", read_prefixes=["raw/"],
                                             publish_prefix="datasets/")["Statement"]
    tf = _terraform_statements()
    assert [s["Sid"] for s in local] == [s["sid"] for s in tf]
    for t, p in zip(tf, local):
        assert t["actions"] == p["Action"], t["sid"]
    writes = next(s for s in local if s["Sid"] == "WriteRunsAndPublishDatasets")["Resource"]
    assert writes == ["arn:aws:s3:::b/tmp/processing/*", "arn:aws:s3:::b/datasets/*"]  # nothing else is written
    assert all("*" != r for s in local for r in s["Resource"])


def test_run_prefix_is_under_the_expiring_tmp_prefix_the_policy_names():
    from thaiocr.processing import plan
    from thaiocr.synth.spec import load_spec

    spec = load_spec(REPO / "datasets/specs/th_lines_dev.yaml")
    assert plan.synth_run_prefix(spec).startswith("tmp/processing/synth/th_lines_dev/")
    assert plan.synth_run_prefix(spec) != plan.synth_run_prefix(load_spec(REPO / "datasets/specs/th_lines_dev.yaml",
                                                                           seed=7))


def test_shard_slices_cover_the_plan_once_whatever_n():
    from thaiocr.processing.plan import assign

    shards = list(range(23))
    for n in (1, 2, 5, 23):
        slices = [assign(shards, k, n) for k in range(n)]
        assert sorted(x for s in slices for x in s) == shards and all(slices)


def test_preflight_refusals_are_one_line(tmp_path):
    import pytest

    from thaiocr.errors import UserError
    from thaiocr.processing import settings, submit

    s = settings.parse("dev", {"instance_type": "ml.c5.2xlarge", "allowed_instance_types": ["ml.c5.2xlarge"],
                               "max_instances": 8, "max_runtime_hours": 3, "budget_usd": 5, "threshold_lines": 10})
    assert submit.check(s, 4, 100, "shards").worst_case_usd == pytest.approx(4 * 3 * 0.408)
    for n, units, words in ((9, 100, "more than env 'dev' allows"), (4, 3, "nothing to do"),
                            (8, 100, "exceeds the $5 processing budget")):
        with pytest.raises(UserError, match="preflight refused") as err:
            submit.check(s, n, units, "shards")
        assert words in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(UserError, match="field 'instance_type'"):
        settings.parse("dev", {"instance_type": "c5", "max_runtime_hours": 1, "budget_usd": 1, "threshold_lines": 1})


def test_make_goes_to_processing_past_the_threshold_or_with_instances(monkeypatch):
    from types import SimpleNamespace

    from thaiocr.processing import cli, settings

    monkeypatch.setattr(settings, "load", lambda env: SimpleNamespace(threshold_lines=500))
    args = SimpleNamespace(spec=REPO / "datasets/specs/th_lines_dev.yaml", count=None, seed=None, env="dev",
                           instances=None)
    assert cli.routed(args)  # the spec's 1,000 lines > 500
    args.count = 400
    assert not cli.routed(args)
    args.instances = 2
    assert cli.routed(args)
