"""`make monitor` for Processing jobs: status changes, every host's log lines once each ([algo-N]), then
the outcome (the published dataset, or why it failed). Exit codes as for training: 0 Completed,
1 Failed, 3 Stopped."""
from __future__ import annotations

import time

from thaiocr.processing import describe as describe_mod
from thaiocr.processing import plan

LOG_GROUP = "/aws/sagemaker/ProcessingJobs"
EXIT_CODES = {"Completed": 0, "Failed": 1, "Stopped": 3}


def wanted(env: str, job: str | None, sm) -> str | None:
    """The Processing job `make monitor` should follow: the one named, or the latest when it is newer than
    the latest training job. None: follow a training job as before."""
    if job:
        return job if plan.is_processing_job(job) else None
    try:
        newest = describe_mod.latest(env, sm)
    except Exception as exc:  # a client without Processing (a test stub) or no permission: training as before
        if getattr(exc, "response", None) is None and not isinstance(exc, AttributeError):
            raise
        return None
    if newest is None:
        return None
    from thaiocr.errors import UserError
    from thaiocr.jobs import describe as training

    try:
        latest_training = training.latest_job(env, sm)
    except UserError:
        return newest[0]
    created = training.describe(env, latest_training, sm).get("CreationTime")
    return newest[0] if created is None or describe_mod._aware(created) <= newest[1] else None


def follow(env: str, job: str, *, sm, logs, out=print, poll_seconds: float | None = None, sleep=time.sleep) -> int:
    from thaiocr.jobs.logs import LogTailer

    out(f"following processing job {job} in env '{env}'")
    tailer = LogTailer(logs, job, group=LOG_GROUP)
    poll = (1.0 if env == "local" else 10.0) if poll_seconds is None else poll_seconds
    status, desc = None, {}

    def show() -> None:
        for line in tailer.poll():
            out(f"[{line.host}] {line.message}")

    try:
        while True:
            desc = describe_mod.describe(env, job, sm)
            if desc.get("ProcessingJobStatus") != status:
                status = desc.get("ProcessingJobStatus")
                out(f"{job}: {status}")
            show()
            if status in describe_mod.TERMINAL:
                break
            sleep(poll)
    except KeyboardInterrupt:
        out(f"\n{job} keeps running")
        raise
    show()
    return summary(env, job, desc, out)


def summary(env: str, job: str, desc: dict, out=print) -> int:
    status = desc.get("ProcessingJobStatus")
    cluster = (desc.get("ProcessingResources") or {}).get("ClusterConfig") or {}
    out(f"final status: {status} ({cluster.get('InstanceCount', '?')} x {cluster.get('InstanceType', '?')})")
    if status != "Completed":
        for key in ("FailureReason", "ExitMessage"):
            if desc.get(key):
                out(f"{key}: {desc[key]}")
    run_uri = (desc.get("Environment") or {}).get("THAIOCR_RUN_URI")
    if run_uri:
        pointer = _done(env, run_uri)
        out(f"dataset: {pointer['uri']}" if pointer else f"run prefix: {run_uri} (not published yet: rerun to finish)")
    return EXIT_CODES.get(status, 1)


def _done(env: str, run_uri: str) -> dict | None:
    from thaiocr.aws.session import client
    from thaiocr.jobs.dataset import split_s3
    from thaiocr.processing.store import DONE, RunStore

    bucket, prefix = split_s3(run_uri, "")
    return RunStore(client("s3", env), bucket, prefix).get_json(DONE)
