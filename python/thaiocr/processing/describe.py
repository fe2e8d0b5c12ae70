"""One view of a Processing job for every env: DescribeProcessingJob, with the local runner's status laid
over it for ENV=local, and this project's latest Processing job when the user names none."""
from __future__ import annotations

from datetime import datetime, timezone

from thaiocr.errors import UserError
from thaiocr.processing import local_state, plan

TERMINAL = ("Completed", "Failed", "Stopped")


def describe(env: str, job: str, sm) -> dict:
    try:
        desc = sm.describe_processing_job(ProcessingJobName=job)
    except Exception as exc:
        err = getattr(exc, "response", {}).get("Error", {})
        message = err.get("Message", "").lower()
        if err.get("Code") in ("ValidationException", "ResourceNotFound") and (
                "not found" in message or "could not find" in message):
            if env == "local" and local_state.read_request(job):  # the local stack restarted since
                return local_state.overlay(dict(local_state.read_request(job)), job)
            raise UserError(f"no processing job '{job}' in env '{env}'") from None
        raise
    desc.pop("ResponseMetadata", None)
    if env != "local":
        return desc
    return local_state.overlay({**(local_state.read_request(job) or {}), **desc}, job)  # moto drops some fields


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def latest(env: str, sm) -> tuple[str, datetime] | None:
    """(name, creation time) of this project's newest Processing job, or None."""
    found: dict[str, datetime] = {}
    page = sm.list_processing_jobs(NameContains=plan.JOB_PREFIX, SortBy="CreationTime", SortOrder="Descending",
                                   MaxResults=20)
    for summary in page.get("ProcessingJobSummaries", []):
        if plan.is_processing_job(summary["ProcessingJobName"]):
            found[summary["ProcessingJobName"]] = _aware(summary["CreationTime"])
    if env == "local":
        for job in local_state.local_jobs():
            mtime = local_state.request_file(job).stat().st_mtime
            found.setdefault(job, datetime.fromtimestamp(mtime, timezone.utc))
    if not found:
        return None
    name = max(found, key=found.get)
    return name, found[name]
