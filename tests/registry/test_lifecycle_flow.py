"""The model lifecycle on the local stack with stand-ins (trainer, scorer, server), through the real
CLI: train v1, register, approve; train v2 from v1 with replay, through the gate; compare; deploy v2,
invoke, undeploy; and a regressing v3 refused by the gate."""
import json

import pytest

from thaiocr.cli import main
from thaiocr.jobs import local_state

pytestmark = pytest.mark.slow


def _job(out: str) -> str:
    return next(line.split()[1] for line in out.splitlines() if line.startswith("submitted "))


def _train(capsys, *args) -> str:
    # pretrained=none: no shipped weights (ENV=local's default start), the base's arrive through the extension
    assert main([*args, "--env", "local", "--wait", "--set", "pretrained=none"]) == 0, capsys.readouterr()
    return _job(capsys.readouterr().out)


def test_train_register_approve_incremental_gate_compare_deploy(stand_ins, stack, capsys, tmp_path, monkeypatch):
    from thaiocr.aws.session import client
    from thaiocr.registry import settings

    real = settings.RegistrySettings(replay_fraction=0.5, gate_margin=0.01, real_documents="new_docs")
    monkeypatch.setattr(settings, "load", lambda env: real)

    stand_ins({"*": 0.10})
    job1 = _train(capsys, "train", "submit")
    assert main(["model", "register", "--env", "local", "--job", job1]) == 0
    out = capsys.readouterr().out
    assert "as v1 " in out and "PendingManualApproval" in out and "real-document CER 10.00%" in out
    assert main(["model", "approve", "--env", "local", "1", "--reason", "good enough for dev"]) == 0
    assert "PendingManualApproval -> Approved" in capsys.readouterr().out

    sm = client("sagemaker", "local")
    (v1,) = sm.list_model_packages(ModelPackageGroupName=stack.model_package_group)["ModelPackageSummaryList"]
    desc = sm.describe_model_package(ModelPackageName=v1["ModelPackageArn"])
    meta = desc["CustomerMetadataProperties"]
    assert meta["job"] == job1 and meta["config"] == "th_cpu_tiny" and meta["dataset_name"] == "th_lines_dev"
    assert len(meta["dataset_hash"]) == 64 and meta["git_sha"] and meta["test_cer"] == "0.1"
    image = desc["InferenceSpecification"]["Containers"][0]["Image"]
    assert image == f"{stack.serve_repository_url}:serve-{meta['git_sha']}"
    assert meta["weights_uri"].endswith(f"pretrained/registry/{job1}.pdparams")
    assert meta["decided_by"] and desc["ApprovalDescription"] == "good enough for dev"
    statistics = desc["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"]
    record = json.loads(client("s3", "local").get_object(Bucket=stack.bucket, Key=statistics.split("/", 3)[3])
                        ["Body"].read())
    assert record["metrics"]["cer"] == 0.1 and record["real_documents"]["name"] == "new_docs"

    # v2: incremental from the approved v1, on the new documents, with replay
    stand_ins({"*": 0.095})
    job2 = _train(capsys, "model", "train", "--base", "approved", "--dataset", "new_docs")
    request = local_state.read_request(job2)
    channels = {c["ChannelName"]: c["DataSource"]["S3DataSource"]["S3Uri"] for c in request["InputDataConfig"]}
    assert channels["pretrained"] == meta["weights_uri"] and channels["replay"] == meta["dataset_uri"]
    assert "/new_docs/" in channels["training"]
    assert request["HyperParameters"]["replay_fraction"] == "0.5"
    assert request["HyperParameters"]["config"] == meta["config"]  # the base's architecture, so its weights fit
    assert request["HyperParameters"]["pretrained"] == f"{job1}.pdparams"
    assert request["Environment"]["THAIOCR_BASE_MODEL"] == v1["ModelPackageArn"]
    seen = json.loads((local_state.opt_ml(job2) / "model" / "channels.json").read_text())
    assert seen["channels"] == ["pretrained", "replay", "training"]

    assert main(["model", "register", "--env", "local", "--job", job2]) == 0
    out = capsys.readouterr().out
    assert "as v2 " in out and "gate pass vs v1" in out
    v2 = sm.describe_model_package(ModelPackageName=v1["ModelPackageArn"].rsplit("/", 1)[0] + "/2")
    assert v2["CustomerMetadataProperties"]["gate"].startswith("pass vs v1 (margin 0.01)")
    assert v2["CustomerMetadataProperties"]["base_version"] == "v1"

    assert main(["model", "compare", "--env", "local", "1", "2"]) == 0
    table = capsys.readouterr().out
    assert "th_lines_dev@" in table and "new_docs@" in table and "10.00%" in table and "9.50%" in table

    # v3 regresses by more than the margin: refused, not registered
    stand_ins({"*": 0.30})
    job3 = _train(capsys, "model", "train", "--base", "approved", "--dataset", "new_docs")
    assert main(["model", "register", "--env", "local", "--job", job3]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gate refused" in err and "fail vs v1" in err
    assert len(sm.list_model_packages(ModelPackageGroupName=stack.model_package_group)
               ["ModelPackageSummaryList"]) == 2

    # deploy v2 (pending: refused), approve, deploy, invoke, redeploy (update), undeploy
    assert main(["deploy", "--env", "local", "--version", "2"]) == 2
    assert "only an approved version" in capsys.readouterr().err
    assert main(["model", "approve", "--env", "local", "2", "--reason", "beats v1"]) == 0
    assert main(["deploy", "--env", "local", "--version", "2"]) == 0
    assert "endpoint thai-ocr-local-ocr created: v2" in capsys.readouterr().out
    image = tmp_path / "line.png"
    image.write_bytes(b"\x89PNG fake")
    assert main(["invoke", "--env", "local", str(image)]) == 0
    assert "สวัสดี" in capsys.readouterr().out
    targets = client("application-autoscaling", "local").describe_scalable_targets(
        ServiceNamespace="sagemaker")["ScalableTargets"]
    assert [(t["MinCapacity"], t["MaxCapacity"]) for t in targets] == [(1, 1)]
    assert main(["deploy", "--env", "local", "--version", "2"]) == 0
    assert "updated from thai-ocr-local-ocr-v2-" in capsys.readouterr().out
    assert main(["invoke", "--env", "local", str(image)]) == 0
    assert main(["undeploy", "--env", "local"]) == 0
    assert "deleted" in capsys.readouterr().out
    assert sm.list_endpoints()["Endpoints"] == [] and sm.list_models()["Models"] == []
    assert main(["invoke", "--env", "local", str(image)]) == 2
