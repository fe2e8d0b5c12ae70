"""One view of a training job for every env: DescribeTrainingJob, with the local runner's status laid
over it for ENV=local, and 'the latest job' when the user names none."""
from __future__ import annotations

from datetime import datetime, timezone

from thaiocr.errors import UserError
from thaiocr.jobs import local_state, names

TERMINAL = ("Completed", "Failed", "Stopped")


def sagemaker(env: str):
    from thaiocr.aws.session import client

    return client("sagemaker", env)


def _is_not_found(err: dict) -> bool:
    """AWS says 'Requested resource not found.', moto 'Could not find training job ...' (both ValidationException)."""
    message = err.get("Message", "").lower()
    return err.get("Code") == "ResourceNotFound" or (
        err.get("Code") == "ValidationException" and ("not found" in message or "could not find" in message))


def describe(env: str, job: str, sm=None) -> dict:
    sm = sm or sagemaker(env)
    try:
        desc = sm.describe_training_job(TrainingJobName=job)
    except Exception as exc:
        err = getattr(exc, "response", {}).get("Error", {})
        if _is_not_found(err):
            if env == "local" and local_state.read_request(job):
                return local_state.overlay(_from_request(job), job)  # the local stack was restarted since
            raise UserError(f"no training job '{job}' in env '{env}'",
                            hint="check the name, or leave JOB out for this project's latest job") from None
        raise
    desc.pop("ResponseMetadata", None)
    return local_state.overlay(desc, job) if env == "local" else desc


def _from_request(job: str) -> dict:
    """A description rebuilt from the local job's own records, for when moto has forgotten the job."""
    req = local_state.read_request(job) or {}
    keep = ("TrainingJobName", "AlgorithmSpecification", "RoleArn", "HyperParameters", "InputDataConfig",
            "OutputDataConfig", "ResourceConfig", "StoppingCondition", "EnableManagedSpotTraining", "CheckpointConfig")
    return {k: req[k] for k in keep if k in req}


def latest_job(env: str, sm=None) -> str:
    """This project's most recently created job in `env` (for local, also those a restarted stack forgot)."""
    sm = sm or sagemaker(env)
    candidates: dict[str, datetime] = {}
    kwargs = {"NameContains": f"{names.PROJECT}-", "SortBy": "CreationTime", "SortOrder": "Descending",
              "MaxResults": 100}
    while True:
        page = sm.list_training_jobs(**kwargs)
        for summary in page.get("TrainingJobSummaries", []):
            if names.is_ours(summary["TrainingJobName"]):
                candidates[summary["TrainingJobName"]] = summary["CreationTime"]
        token = page.get("NextToken")
        if not token or (candidates and env != "local"):  # AWS sorts newest first: one page with ours is enough
            break
        kwargs["NextToken"] = token
    if env == "local":
        for job in local_state.local_jobs():
            mtime = local_state.request_file(job).stat().st_mtime
            candidates.setdefault(job, datetime.fromtimestamp(mtime, timezone.utc))
    if not candidates:
        raise UserError(f"no training jobs of this project in env '{env}'", hint=f"run 'make train ENV={env}'")
    return max(candidates, key=lambda name: _aware(candidates[name]))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def resolve_job(env: str, job: str | None, sm=None) -> str:
    if job:
        if not names.is_valid(job):
            raise UserError(f"'{job}' is not a valid training-job name")
        return job
    return latest_job(env, sm)
