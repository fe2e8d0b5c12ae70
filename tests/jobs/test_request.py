"""CreateTrainingJob requests for dev and prod, built from the shipped env configs."""
import pytest

from thaiocr.infra.outputs import InfraOutputs
from thaiocr.jobs import cost, request, settings
from thaiocr.jobs.dataset import DatasetRef
from thaiocr.jobs.preflight import Checked
from thaiocr.train.metrics import METRIC_DEFINITIONS

OUTPUTS = InfraOutputs(bucket="thai-ocr-dev-data", bucket_arn="arn:aws:s3:::thai-ocr-dev-data",
                       repository_url="111122223333.dkr.ecr.us-east-1.amazonaws.com/thai-ocr-dev-train",
                       role_arn="arn:aws:iam::111122223333:role/thai-ocr-dev-sagemaker-role",
                       log_group="/aws/sagemaker/TrainingJobs", sns_topic_arn="arn:aws:sns:us-east-1:111122223333:t",
                       kms_key_arn="arn:aws:kms:us-east-1:111122223333:key/abc")
IMAGE = OUTPUTS.repository_url + "@sha256:" + "a" * 64


def build(env, **changes):
    s = settings.load(env)
    if changes:
        from dataclasses import replace
        s = replace(s, **changes)
    checked = Checked(image_uri=IMAGE, dataset=DatasetRef(OUTPUTS.bucket, "datasets/th_lines/feedbeef/", "feedbeef"),
                      manifest={}, estimate=cost.worst_case(s),
                      pretrained_uri=f"s3://{OUTPUTS.bucket}/pretrained/{s.pretrained}.pdparams" if s.pretrained else None)
    return s, request.build(job_name="thaiocr-x-20260101-000000-abcd", settings=s, outputs=OUTPUTS,
                            checked=checked, config=s.config, sha="c0ffee" * 6 + "abcd")


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_request_for_cloud_envs(env):
    s, req = build(env)
    assert req["AlgorithmSpecification"]["TrainingImage"] == IMAGE
    assert req["AlgorithmSpecification"]["MetricDefinitions"] == METRIC_DEFINITIONS
    assert req["RoleArn"] == OUTPUTS.role_arn
    assert req["ResourceConfig"]["InstanceType"] == s.instance_type
    assert req["ResourceConfig"]["InstanceCount"] == s.instance_count
    assert req["ResourceConfig"]["VolumeSizeInGB"] == s.volume_size_gb
    assert all(isinstance(v, str) for v in req["HyperParameters"].values())
    assert req["HyperParameters"]["config"] == s.config
    assert req["InputDataConfig"][0]["ChannelName"] == "training"
    assert req["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == \
        "s3://thai-ocr-dev-data/datasets/th_lines/feedbeef/"
    assert req["OutputDataConfig"] == {"S3OutputPath": "s3://thai-ocr-dev-data/models/", "KmsKeyId": OUTPUTS.kms_key_arn}
    tags = {t["Key"]: t["Value"] for t in req["Tags"]}
    assert tags["GitSha"].startswith("c0ffee") and tags["DatasetHash"] == "feedbeef" and tags["TrainingConfig"] == s.config


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_spot_and_checkpoints(env):
    s, req = build(env)
    assert s.spot and req["EnableManagedSpotTraining"] is True
    stop = req["StoppingCondition"]
    assert stop["MaxRuntimeInSeconds"] == s.max_runtime_seconds
    assert stop["MaxWaitTimeInSeconds"] == s.max_wait_seconds >= stop["MaxRuntimeInSeconds"]
    assert req["CheckpointConfig"] == {"S3Uri": "s3://thai-ocr-dev-data/checkpoints/thaiocr-x-20260101-000000-abcd/",
                                       "LocalPath": "/opt/ml/checkpoints"}


def test_on_demand_has_no_max_wait():
    _, req = build("dev", spot=False)
    assert req["EnableManagedSpotTraining"] is False and "MaxWaitTimeInSeconds" not in req["StoppingCondition"]


def test_pretrained_channel_and_its_file_name():
    s, req = build("dev")
    channels = {c["ChannelName"]: c for c in req["InputDataConfig"]}
    assert channels["pretrained"]["DataSource"]["S3DataSource"]["S3Uri"].endswith(f"pretrained/{s.pretrained}.pdparams")
    assert req["HyperParameters"]["pretrained"] == f"{s.pretrained}.pdparams"


def test_volume_key_only_for_ebs_backed_types():
    _, g5 = build("dev", instance_type="ml.g5.xlarge")
    _, m5 = build("dev", instance_type="ml.m5.xlarge")
    assert "VolumeKmsKeyId" not in g5["ResourceConfig"]  # NVMe instance store: SageMaker refuses a key
    assert m5["ResourceConfig"]["VolumeKmsKeyId"] == OUTPUTS.kms_key_arn


def test_hyperparameters_become_strings():
    assert request.hyperparameter_strings({"amp": True, "epochs": 3, "lr": 0.0005, "shape": [3, 48, 320], "c": "x"}) == \
        {"amp": "true", "epochs": "3", "lr": "0.0005", "shape": "[3,48,320]", "c": "x"}


def test_request_is_accepted_by_botocore_validation():
    import boto3
    from botocore.stub import Stubber

    _, req = build("prod")
    sm = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(sm) as stub:
        stub.add_response("create_training_job", {"TrainingJobArn": "arn:aws:sagemaker:us-east-1:1:training-job/x"}, req)
        sm.create_training_job(**req)


def test_command_line_overrides():
    from thaiocr.errors import UserError
    from thaiocr.jobs.submit import Overrides, parse_set

    hp = parse_set(["epochs=10", "learning_rate = 0.0005"])
    assert hp == {"epochs": "10", "learning_rate": "0.0005"}
    s = Overrides(dataset="th_lines_doc", hyperparameters=hp, max_runtime_hours=2.5).apply(settings.load("dev"))
    assert (s.dataset, s.max_runtime_seconds) == ("th_lines_doc", 9000)
    assert s.hyperparameters["epochs"] == "10" and len(s.hyperparameters) > 2  # merged, not replaced
    _, req = build("dev", hyperparameters=s.hyperparameters)
    assert req["HyperParameters"]["epochs"] == "10"
    with pytest.raises(UserError, match="KEY=VALUE"):
        parse_set(["epochs"])
