"""ENV=local's stand-in for a Processing cluster: the job's N instances as N subprocesses of the real
entrypoint, each with its own relocated /opt/ml, doing what SageMaker does around the containers (inputs
from S3, ShardedByS3Key split, config files, logs to CloudWatch, EndOfJob outputs back to S3) and
recording the job's real status for describe and monitor.

Started detached by `data make --env local --instances N` as `python -m thaiocr.processing.local_runner JOB`.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from thaiocr.jobs.dataset import split_s3
from thaiocr.processing import contract, local_state

ENV = "local"
LOG_GROUP = "/aws/sagemaker/ProcessingJobs"


def start(job: str, endpoint: str, arn: str = "") -> int:
    local_state.write_json(local_state.status_file(job), {
        "ProcessingJobArn": arn, "ProcessingJobStatus": "InProgress", "LastModifiedTime": local_state.now_iso()})
    log = open(local_state.job_dir(job) / "runner.log", "ab")
    env = {**os.environ, "THAIOCR_LOCAL_ENDPOINT": endpoint, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "thaiocr.processing.local_runner", job], stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    local_state.write_json(local_state.status_file(job), {**local_state.read_status(job), "pid": proc.pid})
    return proc.pid


class Shipper:
    """One host's output to its CloudWatch stream `<job>/<host>-<ts>`, in batches."""

    def __init__(self, logs, job: str, host: str):
        self.logs, self.stream, self.buffer, self.lock = logs, f"{job}/{host}-{int(time.time())}", [], threading.Lock()
        try:
            logs.create_log_group(logGroupName=LOG_GROUP)
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
        logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=self.stream)

    def add(self, line: str) -> None:
        if line.strip():
            with self.lock:
                self.buffer.append({"timestamp": int(time.time() * 1000), "message": line})

    def flush(self) -> None:
        with self.lock:
            batch, self.buffer = self.buffer, []
        for i in range(0, len(batch), 1000):
            try:
                self.logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=self.stream, logEvents=batch[i:i + 1000])
            except Exception as exc:  # the runner's log keeps every line; a gap here fails nothing
                print(f"local runner: {len(batch) - i} log lines not shipped: {exc}", flush=True)
                return


class Runner:
    def __init__(self, job: str):
        from thaiocr.aws.session import client

        self.job, self.request = job, local_state.read_request(job)
        if self.request is None:
            raise SystemExit(f"no request for local processing job {job}")
        count = self.request["ProcessingResources"]["ClusterConfig"]["InstanceCount"]
        self.hosts = [f"algo-{i + 1}" for i in range(count)]
        self.s3, self.logs = client("s3", ENV), client("logs", ENV)
        self.status = local_state.read_status(job) or {}
        self.children: dict[str, subprocess.Popen] = {}
        self.stopped = False
        self.first_failed: str | None = None
        self.started = time.time()

    def save(self, **changes) -> None:
        self.status.update(changes, LastModifiedTime=local_state.now_iso())
        local_state.write_json(local_state.status_file(self.job), self.status)

    def _keys(self, uri: str) -> list[str]:
        bucket, prefix = split_s3(uri, "")
        keys = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            keys += [o["Key"] for o in page.get("Contents", []) if not o["Key"].endswith("/")]
        return sorted(keys)

    def prepare(self, host: str, rank: int) -> Path:
        """What SageMaker does before a container starts: config files, inputs (sharded by key if asked)."""
        base = local_state.host_dir(self.job, host)
        (base / "config").mkdir(parents=True, exist_ok=True)
        (base / "config/processingjobconfig.json").write_text(json.dumps(self.request, indent=1), encoding="utf-8")
        (base / "config/resourceconfig.json").write_text(json.dumps({"current_host": host, "hosts": self.hosts}),
                                                         encoding="utf-8")
        for item in self.request.get("ProcessingInputs", []):
            s3in = item["S3Input"]
            bucket, prefix = split_s3(s3in["S3Uri"], "")
            dest = contract.container_path(s3in["LocalPath"], base)
            dest.mkdir(parents=True, exist_ok=True)
            keys = self._keys(s3in["S3Uri"])
            if s3in.get("S3DataDistributionType") == "ShardedByS3Key":
                keys = keys[rank::len(self.hosts)]
            for key in keys:
                target = dest / (key[len(prefix):].lstrip("/") or key.rsplit("/", 1)[-1])
                target.parent.mkdir(parents=True, exist_ok=True)
                self.s3.download_file(bucket, key, str(target))
        return base

    def _pipe(self, host: str, proc: subprocess.Popen, shipper: Shipper) -> None:
        for line in proc.stdout:
            line = line.rstrip("\n")
            print(f"[{host}] {line}", flush=True)
            shipper.add(line)
            self.last_lines[host] = line.strip() or self.last_lines.get(host, "")

    def launch(self, bases: dict[str, Path]) -> dict[str, int]:
        app = self.request["AppSpecification"]
        command = [sys.executable, *app["ContainerEntrypoint"][1:], *app.get("ContainerArguments", [])]
        workers = str(max(1, (os.cpu_count() or 1) // len(self.hosts)))
        self.last_lines: dict[str, str] = {}
        shippers, threads = {}, []
        for host, base in bases.items():
            env = {**os.environ, **(self.request.get("Environment") or {}), contract.BASE_DIR_ENV: str(base),
                   "THAIOCR_PROCESSING_WORKERS": workers, "PYTHONUNBUFFERED": "1"}
            from thaiocr.paths import repo_root

            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    env=env, text=True, encoding="utf-8", errors="replace", bufsize=1, cwd=repo_root())
            self.children[host] = proc
            shippers[host] = Shipper(self.logs, self.job, host)
            threads.append(threading.Thread(target=self._pipe, args=(host, proc, shippers[host]), daemon=True))
            threads[-1].start()
        self.save(hosts={h: p.pid for h, p in self.children.items()})
        timeout = (self.request.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds")
        timer = threading.Timer(timeout, self.stop, args=("MaxRuntimeExceeded",)) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        while any(p.poll() is None for p in self.children.values()):
            for s in shippers.values():
                s.flush()
            failed = [h for h, p in self.children.items() if p.poll() not in (None, 0)]
            if failed and not self.first_failed:
                self.first_failed = failed[0]
                self._end_others()  # as SageMaker does: one failed instance fails the job
            time.sleep(0.5)
        for t in threads:
            t.join()
        for s in shippers.values():
            s.flush()
        if timer:
            timer.cancel()
        return {h: p.returncode for h, p in self.children.items()}

    def upload_outputs(self, bases: dict[str, Path]) -> None:
        for item in (self.request.get("ProcessingOutputConfig") or {}).get("Outputs", []):
            s3out = item["S3Output"]
            bucket, prefix = split_s3(s3out["S3Uri"], "")
            for base in bases.values():
                src = contract.container_path(s3out["LocalPath"], base)
                for path in sorted(p for p in src.rglob("*") if p.is_file()) if src.is_dir() else []:
                    self.s3.upload_file(str(path), bucket, prefix.rstrip("/") + "/" + path.relative_to(src).as_posix())

    def _end_others(self) -> None:
        for proc in self.children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    def stop(self, reason: str = "Stopped", *_) -> None:
        self.stopped = self.stopped or reason
        for proc in self.children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    def _failure(self, rcs: dict[str, int], bases: dict[str, Path]) -> str:
        host = self.first_failed or next(h for h, rc in rcs.items() if rc != 0)
        message = contract.paths(bases[host]).message_file
        text = message.read_text(encoding="utf-8").strip() if message.exists() else ""
        tail = text or f"last line: {self.last_lines.get(host, '')[:300]}"
        return f"AlgorithmError: {host} exited with code {rcs[host]}: {tail}"

    def run(self) -> int:
        signal.signal(signal.SIGTERM, lambda *_: self.stop("Stopped"))
        self.save(ProcessingStartTime=local_state.now_iso(), pid=os.getpid())
        try:
            bases = {h: self.prepare(h, i) for i, h in enumerate(self.hosts)}
            rcs = self.launch(bases)
            self.upload_outputs(bases)
        except Exception as exc:  # the runner's own trouble still ends the job, as SageMaker would
            self.save(ProcessingJobStatus="Failed", ProcessingEndTime=local_state.now_iso(),
                      FailureReason=f"InternalServerError: {type(exc).__name__}: {exc}"[:1024])
            print(f"local runner: {exc}", file=sys.stderr, flush=True)
            return 1
        end = {"ProcessingEndTime": local_state.now_iso(), "ExitCodes": rcs}
        if self.stopped:
            self.save(ProcessingJobStatus="Stopped", ExitMessage=f"{self.stopped}", **end)
            return 3
        if any(rcs.values()):
            self.save(ProcessingJobStatus="Failed", FailureReason=self._failure(rcs, bases)[:1024], **end)
            return 1
        self.save(ProcessingJobStatus="Completed", **end)
        return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m thaiocr.processing.local_runner JOB", file=sys.stderr)
        return 2
    return Runner(args[0]).run()


if __name__ == "__main__":
    sys.exit(main())
