"""Files of a local job under `.local/jobs/<job>/`. moto records every training job as Completed at once
and its state cannot be changed from another process, so the local runner writes the job's real status
here and `describe` lays it over moto's answer."""
from __future__ import annotations

import itertools
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from thaiocr.paths import local_dir

_SEQ = itertools.count()


def jobs_dir() -> Path:
    return local_dir() / "jobs"


def job_dir(job: str) -> Path:
    return jobs_dir() / job


def request_file(job: str) -> Path:
    return job_dir(job) / "request.json"


def status_file(job: str) -> Path:
    return job_dir(job) / "status.json"


def opt_ml(job: str) -> Path:
    return job_dir(job) / "opt_ml"


def runner_log(job: str) -> Path:
    return job_dir(job) / "runner.log"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def write_json(path: Path, data: dict) -> None:
    """Atomic, so a monitor reading mid-write never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.{next(_SEQ)}.tmp")  # unique even in a signal handler
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def read_status(job: str) -> dict | None:
    path = status_file(job)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_request(job: str) -> dict | None:
    try:
        return json.loads(request_file(job).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def local_jobs() -> list[str]:
    """Local jobs, oldest first (by when their request was written)."""
    if not jobs_dir().is_dir():
        return []
    found = [d for d in jobs_dir().iterdir() if (d / "request.json").exists()]
    return [d.name for d in sorted(found, key=lambda d: (d / "request.json").stat().st_mtime)]


def _parse_time(value):
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


_TIME_KEYS = ("TrainingStartTime", "TrainingEndTime", "LastModifiedTime", "StartTime", "EndTime", "Timestamp")


def _times(obj):
    """ISO strings back to datetimes, so local and AWS descriptions look alike to the monitor."""
    if isinstance(obj, dict):
        return {k: _parse_time(v) if k in _TIME_KEYS else _times(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_times(v) for v in obj]
    return obj


def runner_pid(job: str) -> int | None:
    try:
        return int((job_dir(job) / "runner.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            if f.read().rsplit(")", 1)[-1].split()[0] == "Z":  # exited, not yet reaped by `submit --wait`
                return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _orphaned(job: str, status: dict) -> dict:
    """A runner killed outright (OOM, kill -9, reboot) records no end; say so instead of waiting forever."""
    if status.get("TrainingJobStatus") not in ("InProgress", "Stopping"):
        return status
    pid = runner_pid(job)
    if pid is None or _alive(pid):
        return status
    return {**status, "TrainingJobStatus": "Failed", "SecondaryStatus": "Failed",
            "FailureReason": f"InternalServerError: the local runner (pid {pid}) died without recording an end;"
                             f" see {runner_log(job)}"}


def overlay(description: dict, job: str) -> dict:
    """moto's description with the local runner's real status on top."""
    status = read_status(job)
    if status is None:
        return description
    status = _orphaned(job, status)
    merged = dict(description)
    for key, value in _times(status).items():
        if key[:1].isupper():  # lower-case keys (pid, ...) are the runner's own bookkeeping
            merged[key] = value
    if "FailureReason" not in status:
        merged.pop("FailureReason", None)
    return merged
