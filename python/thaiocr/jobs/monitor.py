"""`thaiocr monitor`: follow a job until it ends - status and secondary-status transitions, every host's
log lines once each, metric values as they arrive - then the final metrics, billable time and model URI.
The exit code is the verdict (0 Completed, 1 Failed, 3 Stopped), so scripts and `make` can rely on it."""
from __future__ import annotations

import time
from datetime import datetime

from thaiocr.jobs import describe as describe_mod
from thaiocr.jobs.logs import LogTailer
from thaiocr.jobs.metrics_view import MetricTable

EXIT_CODES = {"Completed": 0, "Failed": 1, "Stopped": 3}
POLL_SECONDS = {"local": 1.0, "dev": 10.0, "prod": 10.0}


def _clock(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%H:%M:%S")
    return str(value or "")[11:19]


def _sort_key(value) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    try:
        return datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return float("inf")


class Follower:
    def __init__(self, env: str, job: str, *, sm, logs, out=print, page_limit: int | None = None):
        self.env, self.job, self.sm, self.out = env, job, sm, out
        self.tailer = LogTailer(logs, job, page_limit=page_limit)
        self.table = MetricTable(out=lambda row: out(f"metrics{row}"))
        self.status: str | None = None
        self.seen_transitions: set[tuple[str, str]] = set()
        self.desc: dict = {}

    def step(self) -> bool:
        """One poll: print what is new; True once the job has ended and its last lines are shown."""
        self.desc = describe_mod.describe(self.env, self.job, sm=self.sm)
        status = self.desc.get("TrainingJobStatus")
        first = self.status is None
        if first:
            self._status_line(status)
        transitions = sorted(self.desc.get("SecondaryStatusTransitions", []), key=lambda t: _sort_key(t.get("StartTime")))
        for t in transitions:  # in time order, whatever order the service lists them in
            key = (t.get("Status", ""), str(t.get("StartTime")))
            if key not in self.seen_transitions:
                self.seen_transitions.add(key)
                self.out(f"[{_clock(t.get('StartTime'))}] {t.get('Status')}: {t.get('StatusMessage', '')}".rstrip(": "))
        if not first and status != self.status:  # after the transitions that led to it
            self._status_line(status)
        self.show(self.tailer.poll())
        return status in describe_mod.TERMINAL

    def show(self, lines) -> None:
        multi_host = len(self.tailer.tokens) > 1  # every stream read so far, one per host
        for line in lines:
            if not self.table.feed(line.message, line.timestamp):
                self.out(f"[{line.host}] {line.message}" if multi_host else line.message)

    def _status_line(self, status: str | None) -> None:
        self.out(f"[{_clock(self.desc.get('LastModifiedTime'))}] {self.job}: {status}")
        self.status = status

    def summary(self) -> int:
        d, status = self.desc, self.desc.get("TrainingJobStatus")
        finals = {m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList", []) or []}
        finals = finals or dict(self.table.last)
        self.out(f"final status: {status} ({d.get('SecondaryStatus', '')})")
        if finals:
            self.out("final metrics: " + " ".join(f"{k}={v:.4g}" for k, v in finals.items()))
        billable, training = d.get("BillableTimeInSeconds"), d.get("TrainingTimeInSeconds")
        if billable is not None:
            saving = ""
            if d.get("EnableManagedSpotTraining") and training:
                saving = f", spot saved {100 * (1 - billable / training):.0f}%"
            self.out(f"billable seconds: {billable} (training {training} s{saving})")
        model = (d.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
        if model and status == "Completed":
            self.out(f"model: {model}")
        if status != "Completed" and d.get("FailureReason"):
            self.out(f"FailureReason: {d['FailureReason']}")
        return EXIT_CODES.get(status, 1)


def follow(env: str, job: str | None = None, *, plot: str | None = None, poll_seconds: float | None = None,
           out=print, sm=None, logs=None, sleep=time.sleep, page_limit: int | None = None) -> int:
    """Follow `job` (default: this project's latest) to its end; the exit code says how it ended."""
    from thaiocr.aws.session import client

    sm = sm or client("sagemaker", env)
    logs = logs or client("logs", env)

    job = describe_mod.resolve_job(env, job, sm)
    out(f"following {job} in env '{env}'")
    follower = Follower(env, job, sm=sm, logs=logs, out=out, page_limit=page_limit)
    poll = POLL_SECONDS.get(env, 10.0) if poll_seconds is None else poll_seconds
    try:
        while not follower.step():
            sleep(poll)
    except KeyboardInterrupt:
        out(f"\n{job} keeps running; stop it with 'make stop ENV={env} JOB={job}'")
        raise
    follower.show(follower.tailer.poll())  # lines flushed after the status turned final
    code = follower.summary()
    if plot:
        written = follower.table.plot(plot, title=job)
        out(f"plot: {written}" if written else "plot: no metric values to plot")
    return code
