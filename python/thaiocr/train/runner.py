"""Run a PaddleOCR tool as a child, stream its log, echo metric lines, and pass SIGTERM on.

SageMaker stops a job (spot interruption, StopTrainingJob) with SIGTERM to PID 1 and SIGKILL two
minutes later. The trainer is in its own process group so the launcher's workers get the signal too;
checkpoints written so far stay in /opt/ml/checkpoints for the next attempt to resume from.
"""
from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from typing import Callable, TextIO

from thaiocr.train import logparse, metrics

KILL_AFTER_S = 90.0  # SageMaker's SIGKILL comes at 120 s; leave it room


@dataclass
class RunResult:
    returncode: int
    terminated: bool = False
    tail: list[str] = field(default_factory=list)
    # pretrained tensors PaddleOCR skipped for a shape mismatch (a dictionary unlike the pretrained one)
    skipped_pretrained: int = 0

    def error_line(self) -> str:
        """The most telling line of the log tail: the last exception or error message."""
        for line in reversed(self.tail):
            text = line.strip()
            if not text:
                continue
            if ("Error" in text or "error" in text or "Exception" in text) and not text.startswith("File "):
                return text
        return next((l.strip() for l in reversed(self.tail) if l.strip()), "")


class Stopper:
    """Catches SIGTERM/SIGINT while a child runs and hands them on to its process group."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.requested = False
        self._killer: threading.Timer | None = None
        self._old: dict[int, object] = {}

    def _handle(self, signum, frame) -> None:
        self.requested = True
        print(f"thaiocr-train: received {signal.Signals(signum).name}; stopping the trainer "
              "(checkpoints are kept)", flush=True)
        self._forward(signal.SIGTERM)
        if self.proc is not None and self._killer is None:
            self._killer = threading.Timer(KILL_AFTER_S, self._forward, args=(signal.SIGKILL,))
            self._killer.daemon = True  # must not keep the entrypoint alive after the trainer is gone
            self._killer.start()

    def _forward(self, sig) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> "Stopper":
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._killer is not None:
            self._killer.cancel()
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()


def run(argv: list[str], env: dict[str, str], stopper: Stopper, *, cwd: str | None = None,
        out: TextIO | None = None, on_metrics: Callable[[dict], None] | None = None,
        tail_lines: int = 60, world_size: int = 1) -> RunResult:
    out = out or sys.stdout
    tail: collections.deque[str] = collections.deque(maxlen=tail_lines)
    skipped = 0
    if stopper.requested:
        return RunResult(returncode=-signal.SIGTERM, terminated=True)
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace", bufsize=1,
                            start_new_session=True)
    stopper.proc = proc
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.write(line)
            tail.append(line.rstrip("\n"))
            if "not matched with loaded params" in line:
                skipped += 1
            values = logparse.parse(line)
            if values and world_size > 1 and "samples_per_sec" in values:
                values["samples_per_sec"] *= world_size  # the job's throughput, not one trainer's
            if values:
                text = metrics.format_metrics(values)
                if text:
                    out.write(text + "\n")
                if on_metrics:
                    on_metrics(values)
            out.flush()
        code = proc.wait()
    finally:
        if proc.poll() is None:  # we are leaving abnormally: do not orphan the trainer
            stopper._forward(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                stopper._forward(signal.SIGKILL)
        stopper.proc = None
    return RunResult(returncode=code, terminated=stopper.requested, tail=list(tail), skipped_pretrained=skipped)
