"""monitor: transitions as they happen, every host's logs once, metrics, and the exit code verdict."""
import time
from datetime import datetime, timedelta, timezone

import boto3
import pytest
from botocore.stub import Stubber

from thaiocr.errors import UserError
from thaiocr.jobs import describe, monitor, stop
from thaiocr.jobs.logs import LOG_GROUP

NOW = int(time.time() * 1000)


def create_job(sm, name, outputs):
    sm.create_training_job(
        TrainingJobName=name, RoleArn=outputs.role_arn,
        AlgorithmSpecification={"TrainingImage": outputs.repository_url + ":x", "TrainingInputMode": "File"},
        OutputDataConfig={"S3OutputPath": f"s3://{outputs.bucket}/models/"},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 5},
        StoppingCondition={"MaxRuntimeInSeconds": 60})


def put(logs, stream, lines, offset=0):
    try:
        logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=stream)
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=stream,
                        logEvents=[{"timestamp": NOW + offset + i, "message": m} for i, m in enumerate(lines)])


@pytest.fixture
def job(aws, local_infra):
    name = "thaiocr-mon-20260101-000000-abcd"
    create_job(aws("sagemaker"), name, local_infra)
    put(aws("logs"), f"{name}/algo-1-1", ["starting", "[metrics] epoch=1 train_loss=0.9", "host1 done"])
    put(aws("logs"), f"{name}/algo-2-1", ["host2 up", "[metrics] epoch=1 train_acc=0.5"], offset=10)
    return name


def follow(job, **kw):
    lines = []
    code = monitor.follow("local", job, poll_seconds=0, out=lines.append, sleep=lambda s: None, page_limit=1, **kw)
    return code, lines


def test_completed_exits_0_with_model_and_every_line_once(job, tmp_path):
    code, lines = follow(job, plot=str(tmp_path / "m.png"))
    assert code == 0
    text = "\n".join(lines)
    for message in ("starting", "host1 done", "host2 up"):
        assert sum(message in line for line in lines) == 1, message
    assert "[algo-2] host2 up" in lines  # several hosts: lines say which
    assert any(l.startswith("metrics") and "train_loss" in l for l in lines)
    assert f"model: s3://thai-ocr-local-data/models/{job}/output/model.tar.gz" in text
    assert (tmp_path / "m.png").stat().st_size > 0


@pytest.mark.parametrize("status, code", [("Failed", 1), ("Stopped", 3)])
def test_failed_and_stopped_exit_non_zero_with_reason(job, status, code, sagemaker_backend):
    fake = sagemaker_backend.training_jobs[job]
    fake.training_job_status = status
    fake.secondary_status = status
    fake.failure_reason = "AlgorithmError: CUDA out of memory"
    got, lines = follow(job)
    assert got == code
    assert "FailureReason: AlgorithmError: CUDA out of memory" in lines
    assert not any(l.startswith("model:") for l in lines)


def test_latest_job_is_the_newest_of_ours(aws, local_infra, job):
    sm = aws("sagemaker")
    create_job(sm, "someone-elses-job", local_infra)
    create_job(sm, "thaiocr-mon-20260101-000001-beef", local_infra)
    assert describe.latest_job("local") == "thaiocr-mon-20260101-000001-beef"


def test_unknown_job_is_a_user_error(local_infra):
    with pytest.raises(UserError, match="no training job 'thaiocr-nope' in env 'local'"):
        follow("thaiocr-nope")


def desc(status, secondary, transitions, **extra):
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return {"TrainingJobName": "thaiocr-j", "TrainingJobArn": "arn:aws:sagemaker:us-east-1:1:training-job/thaiocr-j",
            "TrainingJobStatus": status, "SecondaryStatus": secondary, "CreationTime": t0, "LastModifiedTime": t0,
            "AlgorithmSpecification": {"TrainingInputMode": "File"}, "StoppingCondition": {"MaxRuntimeInSeconds": 60},
            "ResourceConfig": {"InstanceType": "ml.g5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50},
            "SecondaryStatusTransitions": [{"Status": s, "StartTime": t0 + timedelta(minutes=i), "StatusMessage": m}
                                           for i, (s, m) in enumerate(transitions)],
            "ModelArtifacts": {"S3ModelArtifacts": "s3://b/models/thaiocr-j/output/model.tar.gz"}, **extra}


def test_transitions_and_logs_as_they_happen_on_dev(aws, local_infra):
    """dev's path with a stubbed SageMaker: InProgress, then Training, then Completed (spot)."""
    sm = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    logs = aws("logs")
    starting = [("Starting", "Preparing the instances")]
    training = starting + [("Downloading", "Downloading input data"), ("Training", "Training in progress")]
    stub = Stubber(sm)
    for response in (desc("InProgress", "Starting", starting), desc("InProgress", "Training", training),
                     desc("Completed", "Completed", training + [("Completed", "Training job completed")],
                          BillableTimeInSeconds=300, TrainingTimeInSeconds=1000, EnableManagedSpotTraining=True,
                          FinalMetricDataList=[{"MetricName": "test_cer", "Value": 0.04,
                                                "Timestamp": datetime(2026, 1, 1, tzinfo=timezone.utc)}])):
        stub.add_response("describe_training_job", response, {"TrainingJobName": "thaiocr-j"})
    batches = iter([["epoch 1 begins", "[metrics] epoch=1 train_loss=0.7"], ["[metrics] epoch=2 train_loss=0.5", "bye"]])

    def sleep(_):
        put(logs, "thaiocr-j/algo-1-1", next(batches), offset=len(lines))

    lines = []
    with stub:
        code = monitor.follow("dev", "thaiocr-j", poll_seconds=0, out=lines.append, sleep=sleep, sm=sm, logs=logs)
    assert code == 0
    order = [l for l in lines if "Downloading" in l or "Training:" in l or "epoch 1 begins" in l or l == "bye"]
    assert order == ["[00:01:00] Downloading: Downloading input data", "[00:02:00] Training: Training in progress",
                     "epoch 1 begins", "bye"]
    assert sum("InProgress" in l for l in lines) == 1
    assert "final metrics: test_cer=0.04" in lines
    assert "billable seconds: 300 (training 1000 s, spot saved 70%)" in lines


def test_stop_on_dev_calls_stop_training_job():
    sm = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(sm) as stub:
        stub.add_response("describe_training_job", desc("InProgress", "Training", []), {"TrainingJobName": "thaiocr-j"})
        stub.add_response("stop_training_job", {}, {"TrainingJobName": "thaiocr-j"})
        stub.add_response("describe_training_job", desc("Completed", "Completed", []), {"TrainingJobName": "thaiocr-j"})
        lines = []
        assert stop.stop("dev", "thaiocr-j", sm=sm, out=lines.append) == 0
        assert stop.stop("dev", "thaiocr-j", sm=sm, out=lines.append) == 0
        stub.assert_no_pending_responses()
    assert "already Completed" in lines[-1]


def test_unknown_job_on_dev_as_aws_words_it():
    sm = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(sm) as stub:
        stub.add_client_error("describe_training_job", "ValidationException", "Requested resource not found.")
        with pytest.raises(UserError, match="no training job 'thaiocr-gone' in env 'dev'"):
            describe.describe("dev", "thaiocr-gone", sm=sm)


def test_transitions_print_in_time_order_whatever_order_they_are_listed(aws, local_infra):
    sm = boto3.client("sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    steps = [("Starting", "a"), ("Downloading", "b"), ("Training", "c"), ("Completed", "d")]
    response = desc("Completed", "Completed", steps)
    response["SecondaryStatusTransitions"].reverse()
    stub = Stubber(sm)
    stub.add_response("describe_training_job", response, {"TrainingJobName": "thaiocr-j"})
    lines = []
    with stub:
        monitor.follow("dev", "thaiocr-j", poll_seconds=0, out=lines.append, sleep=lambda _: None, sm=sm,
                       logs=aws("logs"))
    shown = [l.split("] ", 1)[1].split(":")[0] for l in lines if l.startswith("[00:0") and "thaiocr-j:" not in l]
    assert shown == ["Starting", "Downloading", "Training", "Completed"]
