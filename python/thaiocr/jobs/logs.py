"""Incremental CloudWatch Logs for a training job: every host writes its own stream `<job>/algo-N-<ts>`,
and each stream is read from its forward token, so a line is shown once however often we poll."""
from __future__ import annotations

from dataclasses import dataclass

LOG_GROUP = "/aws/sagemaker/TrainingJobs"


@dataclass(frozen=True)
class LogLine:
    stream: str
    timestamp: int
    message: str

    @property
    def host(self) -> str:
        """`algo-2` from `<job>/algo-2-1700000000`."""
        tail = self.stream.rsplit("/", 1)[-1]
        return tail.rsplit("-", 1)[0] if tail.count("-") >= 2 else tail


def _code(exc: Exception) -> str:
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "")


class LogTailer:
    def __init__(self, logs, job: str, group: str = LOG_GROUP, page_limit: int | None = None):
        self.logs, self.job, self.group, self.page_limit = logs, job, group, page_limit
        self.tokens: dict[str, str | None] = {}

    def streams(self) -> list[str]:
        found = []
        kwargs = {"logGroupName": self.group, "logStreamNamePrefix": f"{self.job}/"}
        try:
            while True:
                page = self.logs.describe_log_streams(**kwargs)
                found += [s["logStreamName"] for s in page.get("logStreams", [])]
                if not page.get("nextToken") or page["nextToken"] == kwargs.get("nextToken"):
                    break
                kwargs["nextToken"] = page["nextToken"]
        except Exception as exc:
            if _code(exc) != "ResourceNotFoundException":
                raise
            return []  # the group appears with the job's first log line
        return sorted(set(found))

    def _read(self, stream: str) -> list[LogLine]:
        lines = []
        while True:
            kwargs = {"logGroupName": self.group, "logStreamName": stream, "startFromHead": True}
            if self.tokens.get(stream):
                kwargs["nextToken"] = self.tokens[stream]
            if self.page_limit:
                kwargs["limit"] = self.page_limit
            try:
                page = self.logs.get_log_events(**kwargs)
            except Exception as exc:
                if _code(exc) != "ResourceNotFoundException":
                    raise
                return lines
            events = page.get("events", [])
            lines += [LogLine(stream, e["timestamp"], e["message"]) for e in events]
            token = page.get("nextForwardToken")
            same = token == self.tokens.get(stream)
            self.tokens[stream] = token
            if same or not events:  # CloudWatch returns the same token once the stream is drained
                return lines

    def poll(self) -> list[LogLine]:
        """Lines that appeared since the last poll, all hosts merged in time order."""
        new = []
        for stream in self.streams():
            new += self._read(stream)
        return sorted(new, key=lambda line: (line.timestamp, line.stream))
