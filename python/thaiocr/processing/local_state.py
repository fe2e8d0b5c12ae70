"""Files of a local Processing job under `.local/processing/<job>/`: request.json, status.json (the
runner's real status, laid over moto's, which records every job as Completed at once), runner.log and
hosts/<algo-N>/ (each host's relocated /opt/ml). Kept apart from training jobs' .local/jobs/ so neither
kind is taken for the other's 'latest job'."""
from __future__ import annotations

from pathlib import Path

from thaiocr.jobs.local_state import _alive, _times, now_iso, write_json  # noqa: F401 - shared helpers
from thaiocr.paths import local_dir


def jobs_dir() -> Path:
    return local_dir() / "processing"


def job_dir(job: str) -> Path:
    return jobs_dir() / job


def request_file(job: str) -> Path:
    return job_dir(job) / "request.json"


def status_file(job: str) -> Path:
    return job_dir(job) / "status.json"


def host_dir(job: str, host: str) -> Path:
    return job_dir(job) / "hosts" / host


def _read(path: Path) -> dict | None:
    import json

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_request(job: str) -> dict | None:
    return _read(request_file(job))


def read_status(job: str) -> dict | None:
    return _read(status_file(job))


def local_jobs() -> list[str]:
    if not jobs_dir().is_dir():
        return []
    found = [d for d in jobs_dir().iterdir() if (d / "request.json").exists()]
    return [d.name for d in sorted(found, key=lambda d: (d / "request.json").stat().st_mtime)]


def overlay(description: dict, job: str) -> dict:
    """moto's description with the runner's status on top; a runner that died unrecorded reads Failed."""
    status = read_status(job)
    if status is None:
        return description
    pid = status.get("pid")
    if status.get("ProcessingJobStatus") in ("InProgress", "Stopping") and pid and not _alive(int(pid)):
        status = {**status, "ProcessingJobStatus": "Failed",
                  "FailureReason": f"InternalServerError: the local runner (pid {pid}) died without recording an "
                                   f"end; see {job_dir(job) / 'runner.log'}"}
    merged = dict(description)
    merged.update({k: v for k, v in _times(status).items() if k[:1].isupper()})
    if "FailureReason" not in status:
        merged.pop("FailureReason", None)
    return merged
