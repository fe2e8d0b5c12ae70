"""Deploy against AWS-shaped fakes (UpdateEndpoint, which the local stack lacks) and the local stack
(async endpoint scaling to zero), plus cost arithmetic and one-line refusals."""
from unittest import mock

import pytest

from thaiocr.deploy import cost, endpoints, scaling, settings
from thaiocr.errors import UserError
from thaiocr.infra.outputs import InfraOutputs
from thaiocr.registry import packages

OUTPUTS = InfraOutputs(bucket="b", bucket_arn="arn:aws:s3:::b", repository_url="r", role_arn="role", log_group="g",
                       sns_topic_arn="t", kms_key_arn="k", model_package_group="thai-ocr-dev-models",
                       endpoint_role_arn="arn:aws:iam::1:role/thai-ocr-dev-endpoint-role",
                       serve_repository_url="r", endpoint_name="thai-ocr-dev-ocr")


def _version(status=packages.APPROVED):
    return packages.Version(arn="arn:aws:sagemaker:us-east-1:1:model-package/thai-ocr-dev-models/3", version=3,
                            status=status, created=None, metadata={}, model_data_url="s3://b/models/j/model.tar.gz",
                            image="r:serve-abc")


@pytest.fixture
def fakes(monkeypatch):
    clients = {name: mock.MagicMock(name=name) for name in ("sagemaker", "application-autoscaling", "cloudwatch", "ecr")}
    monkeypatch.setattr("thaiocr.aws.session.client", lambda service, env: clients[service])
    monkeypatch.setattr("thaiocr.infra.outputs.load", lambda env: OUTPUTS)
    monkeypatch.setattr(packages, "resolve", lambda sm, group, spec: _version())
    return clients


def test_an_existing_endpoint_is_updated_in_place_and_scaling_reapplied(fakes):
    sm, aas = fakes["sagemaker"], fakes["application-autoscaling"]
    sm.describe_endpoint.return_value = {"EndpointName": "thai-ocr-dev-ocr", "EndpointConfigName": "old-config"}
    sm.describe_endpoint_config.return_value = {"ProductionVariants": [{"ModelName": "old-model"}]}
    record = endpoints.deploy("dev", "3", out=lambda *_: None)
    sm.create_endpoint.assert_not_called()
    sm.update_endpoint.assert_called_once_with(EndpointName="thai-ocr-dev-ocr", EndpointConfigName=record["endpoint_config"])
    sm.get_waiter.assert_called_with("endpoint_in_service")
    # scaling off before the update (SageMaker refuses otherwise), on again after, then the old pair deleted
    names = [c[0] for c in aas.method_calls]
    assert names.index("deregister_scalable_target") < names.index("register_scalable_target")
    policy = aas.put_scaling_policy.call_args.kwargs
    spec = policy["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]
    assert spec["PredefinedMetricType"] == "SageMakerVariantInvocationsPerInstance"
    dev = settings.load("dev")
    assert aas.register_scalable_target.call_args.kwargs["MinCapacity"] == dev.min_instances
    sm.delete_endpoint_config.assert_called_once_with(EndpointConfigName="old-config")
    sm.delete_model.assert_called_once_with(ModelName="old-model")
    model = sm.create_model.call_args.kwargs
    assert model["ExecutionRoleArn"] == OUTPUTS.endpoint_role_arn and model["PrimaryContainer"]["Image"] == "r:serve-abc"


def test_a_missing_serving_image_is_refused_before_any_endpoint_call(fakes):
    from botocore.exceptions import ClientError

    fakes["ecr"].describe_images.side_effect = ClientError(
        {"Error": {"Code": "ImageNotFoundException", "Message": "no"}}, "DescribeImages")
    with pytest.raises(UserError, match="serving image r:serve-abc is not in ECR"):
        endpoints.deploy("dev", "3", out=lambda *_: None)
    fakes["sagemaker"].create_model.assert_not_called()


def test_a_version_not_approved_is_refused(fakes, monkeypatch):
    monkeypatch.setattr(packages, "resolve", lambda sm, group, spec: _version(packages.PENDING))
    with pytest.raises(UserError, match="only an approved version"):
        endpoints.deploy("dev", "3", out=lambda *_: None)
    fakes["sagemaker"].create_model.assert_not_called()


def test_async_endpoint_scales_from_zero_on_the_local_stack(local_stack, tmp_path, monkeypatch):  # noqa: F811
    from thaiocr.aws.session import client
    from thaiocr.infra.local import apply_local

    outputs = apply_local()
    monkeypatch.setattr(packages, "resolve", lambda sm, group, spec: _version())
    monkeypatch.setattr("thaiocr.registry.scoring.model_dir", lambda env, version: tmp_path)
    monkeypatch.setattr("thaiocr.deploy.local_server.start", lambda endpoint, model, **kw: {**kw["record"], "url": "x"})
    endpoints.deploy("local", "3", asynchronous=True, out=lambda *_: None)
    sm = client("sagemaker", "local")
    (ep,) = sm.list_endpoints()["Endpoints"]
    assert ep["EndpointName"] == f"{outputs.endpoint_name}-async"
    config = sm.describe_endpoint_config(EndpointConfigName=sm.describe_endpoint(
        EndpointName=ep["EndpointName"])["EndpointConfigName"])
    assert config["AsyncInferenceConfig"]["OutputConfig"]["S3OutputPath"].startswith(f"s3://{outputs.bucket}/async/output/")
    aas = client("application-autoscaling", "local")
    (target,) = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert target["MinCapacity"] == 0
    kinds = {p["PolicyName"]: p["PolicyType"] for p in aas.describe_scaling_policies(ServiceNamespace="sagemaker")
             ["ScalingPolicies"]}
    assert set(kinds.values()) == {"TargetTrackingScaling", "StepScaling"}
    alarms = client("cloudwatch", "local").describe_alarms()["MetricAlarms"]
    assert any(a.get("MetricName") == "HasBacklogWithoutCapacity" for a in alarms)
    assert endpoints.undeploy("local", asynchronous=True, out=lambda *_: None)
    assert sm.list_endpoints()["Endpoints"] == [] and sm.list_endpoint_configs()["EndpointConfigs"] == []


def test_cost_arithmetic():
    s = settings.parse("dev", {"serving": {"min_instances": 1, "max_instances": 4, "target_invocations_per_instance": 600}})
    assert [cost.realtime_instances(s, r) for r in (0, 5, 10.5, 100)] == [1, 1, 2, 4]
    lines = []
    figures = cost.report("dev", 1.0, out=lines.append)
    assert figures["training_spot_usd"] < figures["training_on_demand_usd"] <= figures["training_worst_case_usd"]
    assert figures["realtime_monthly_usd"] == pytest.approx(figures["realtime_instances"] * 0.115 * 730, abs=0.01)
    assert any("assumptions:" in line for line in lines)


def test_async_policies_follow_the_backlog():
    backlog, wake = scaling.async_policies("e-async", settings.Async())
    assert backlog["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"]["MetricName"] == \
        "ApproximateBacklogSizePerInstance"
    assert wake["StepScalingPolicyConfiguration"]["StepAdjustments"][0]["ScalingAdjustment"] == 1


def test_invoke_refuses_what_the_server_cannot_read(tmp_path):
    from thaiocr.deploy.invoke import content_type

    with pytest.raises(UserError, match="send a"):
        content_type(tmp_path / "scan.tiff")
    assert content_type(tmp_path / "a.PNG") == "image/png"


def test_local_async_invoke_answers_through_s3(local_stack, tmp_path, monkeypatch):  # noqa: F811
    import json
    import sys
    from pathlib import Path

    from thaiocr.aws.session import client
    from thaiocr.deploy.invoke import invoke
    from thaiocr.infra.local import apply_local

    outputs = apply_local()
    monkeypatch.setenv("THAIOCR_SERVE_COMMAND", f"{sys.executable} {Path(__file__).with_name('fake_server.py')}")
    monkeypatch.setattr(packages, "resolve", lambda sm, group, spec: _version())
    monkeypatch.setattr("thaiocr.registry.scoring.model_dir", lambda env, version: tmp_path)
    endpoints.deploy("local", "3", asynchronous=True, out=lambda *_: None)
    try:
        pdf = tmp_path / "batch.pdf"
        pdf.write_bytes(b"%PDF-1.4 fake")
        lines = []
        answer = json.loads(invoke("local", str(pdf), asynchronous=True, out=lines.append))
        assert answer["predictions"][0]["content_type"] == "application/pdf"
        location = lines[0].removeprefix("result at ")
        bucket, key = location[5:].split("/", 1)
        assert bucket == outputs.bucket and key.startswith(f"async/output/{outputs.endpoint_name}-async/")
        assert json.loads(client("s3", "local").get_object(Bucket=bucket, Key=key)["Body"].read()) == answer
    finally:
        endpoints.undeploy("local", asynchronous=True, out=lambda *_: None)
