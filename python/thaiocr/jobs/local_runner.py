"""ENV=local's stand-in for a SageMaker training instance: runs the real entrypoint as a subprocess with
a relocated /opt/ml, doing what SageMaker does around the container (channels from S3, config files,
logs to CloudWatch, checkpoints and model.tar.gz back to S3), so monitor and fetch-model need no
local special case beyond reading the status this runner records.

Started detached by `train submit --env local` as `python -m thaiocr.jobs.local_runner JOB`.
"""
from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

from thaiocr.jobs import local_state
from thaiocr.jobs.dataset import split_s3
from thaiocr.train import contract
from thaiocr.train.metrics import parse_line

ENV = "local"
LOG_GROUP = METRIC_NAMESPACE = "/aws/sagemaker/TrainingJobs"
HOST = "algo-1"
COMMAND_ENV = "THAIOCR_TRAIN_COMMAND"  # a stand-in trainer for tests, e.g. "python fake_trainer.py"
DOWNLOAD_THREADS = 16
STOP_GRACE_SECONDS = 30  # SageMaker gives 120 s; a laptop run needs less


def train_command() -> list[str]:
    """The container's ENTRYPOINT plus SageMaker's `train` argument, or the stand-in's command."""
    override = os.environ.get(COMMAND_ENV)
    if override:
        return shlex.split(override)
    return [sys.executable, "-m", "thaiocr.train", "train"]


def start(job: str, endpoint: str, arn: str = "") -> int:
    """Launch the runner detached so `train submit` returns as it does for dev; returns its pid."""
    local_state.write_json(local_state.status_file(job), {
        "TrainingJobArn": arn, "TrainingJobStatus": "InProgress", "SecondaryStatus": "Starting",
        "SecondaryStatusTransitions": [{"Status": "Starting", "StartTime": local_state.now_iso(),
                                        "StatusMessage": "Launching the local training process"}],
    })
    log = open(local_state.runner_log(job), "ab")
    env = {**os.environ, "THAIOCR_LOCAL_ENDPOINT": endpoint, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "thaiocr.jobs.local_runner", job], stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    (local_state.job_dir(job) / "runner.pid").write_text(str(proc.pid))
    return proc.pid


runner_pid = local_state.runner_pid


def find_local_dataset(content_hash: str | None) -> Path | None:
    """The dataset under .local/datasets whose files hash to `content_hash` (checked, not trusted)."""
    from thaiocr.dataset.layout import find_by_hash
    from thaiocr.paths import local_dir

    return find_by_hash(local_dir() / "datasets", content_hash)


class LogShipper:
    """Container output to CloudWatch Logs in batches, flushed at least once a second."""

    def __init__(self, logs, job: str):
        self.logs, self.lock, self.buffer = logs, threading.Lock(), []
        self.stream = f"{job}/{HOST}-{int(time.time())}"
        try:
            logs.create_log_group(logGroupName=LOG_GROUP)
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
        logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=self.stream)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def add(self, line: str) -> None:
        if not line.strip():  # CloudWatch refuses empty events (PaddleOCR prints blank lines around evals)
            return
        with self.lock:
            self.buffer.append({"timestamp": int(time.time() * 1000), "message": line})

    def flush(self) -> None:
        """Ship what is buffered; a logging failure is reported, never allowed to fail the training job."""
        with self.lock:
            batch, self.buffer = self.buffer, []
        for i in range(0, len(batch), 1000):
            try:
                self.logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=self.stream,
                                         logEvents=batch[i:i + 1000])
            except Exception as exc:  # botocore raises several types; the job's own log keeps every line
                print(f"local runner: {len(batch) - i} log lines not shipped to CloudWatch: {exc}", flush=True)
                return

    def _loop(self) -> None:
        while not self._done.wait(1.0):
            self.flush()

    def close(self) -> None:
        self._done.set()
        self._thread.join()
        self.flush()


class Runner:
    def __init__(self, job: str):
        from thaiocr.aws.session import client

        self.job = job
        self.request = local_state.read_request(job)
        if self.request is None:
            raise SystemExit(f"no request for local job {job} in {local_state.job_dir(job)}")
        self.paths = contract.paths(local_state.opt_ml(job))
        self.s3, self.logs, self.cloudwatch = client("s3", ENV), client("logs", ENV), client("cloudwatch", ENV)
        self.status = local_state.read_status(job) or {}
        self.status.setdefault("SecondaryStatusTransitions", [])
        self.metrics: dict[str, float] = {}
        self.child: subprocess.Popen | None = None
        self.stop_reason: str | None = None
        self.started = time.time()
        self.last_line = ""

    # -- status ---------------------------------------------------------------------------------
    def _save(self) -> None:
        self.status["LastModifiedTime"] = local_state.now_iso()
        self.status["FinalMetricDataList"] = [
            {"MetricName": k, "Value": v, "Timestamp": local_state.now_iso()} for k, v in self.metrics.items()]
        local_state.write_json(local_state.status_file(self.job), self.status)

    def transition(self, secondary: str, message: str, status: str | None = None) -> None:
        now = local_state.now_iso()
        transitions = self.status["SecondaryStatusTransitions"]
        if transitions and "EndTime" not in transitions[-1]:
            transitions[-1]["EndTime"] = now
        transitions.append({"Status": secondary, "StartTime": now, "StatusMessage": message})
        self.status["SecondaryStatus"] = secondary
        if status:
            self.status["TrainingJobStatus"] = status
        self._save()

    # -- S3 -----------------------------------------------------------------------------------------
    def _download_prefix(self, uri: str, dest: Path) -> int:
        """Every object under the prefix, in parallel: a dataset is thousands of small images."""
        from concurrent.futures import ThreadPoolExecutor

        bucket, prefix = split_s3(uri, "")
        todo = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                key = obj["Key"]
                rel = key[len(prefix):].lstrip("/") or key.rsplit("/", 1)[-1]
                if rel and not rel.endswith("/"):
                    todo.append((key, dest / rel))
        for _, target in todo:
            target.parent.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=DOWNLOAD_THREADS) as pool:
            for future in [pool.submit(self.s3.download_file, bucket, key, str(target)) for key, target in todo]:
                future.result()
        return len(todo)

    def _reuse_local_dataset(self, uri: str, dest: Path) -> bool:
        """Hard-link the dataset from .local/datasets when one there has the channel's content hash:
        the same bytes `make data` just uploaded, without pulling thousands of files back through moto."""
        import shutil

        from thaiocr.data import layout

        bucket, prefix = split_s3(uri, "")
        try:
            remote = json.loads(self.s3.get_object(Bucket=bucket, Key=prefix.rstrip("/") + "/" + layout.MANIFEST)
                                ["Body"].read())
        except Exception:  # not a dataset channel (e.g. pretrained weights): download as usual
            return False
        src = find_local_dataset(remote.get("content_hash"))
        if src is None:
            return False
        for path in [*layout.content_files(src), src / layout.MANIFEST]:
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
        print(f"channel data: reusing {src} (same content hash as {uri})", flush=True)
        return True

    def _upload_dir(self, src: Path, uri: str) -> None:
        bucket, prefix = split_s3(uri, "")
        for path in sorted(p for p in src.rglob("*") if p.is_file()):
            self.s3.upload_file(str(path), bucket, prefix.rstrip("/") + "/" + path.relative_to(src).as_posix())

    def _upload_tar(self, src: Path, uri: str) -> bool:
        if not src.is_dir() or not any(src.iterdir()):
            return False
        tar_path = self.paths.base / (uri.rsplit("/", 1)[-1])
        with tarfile.open(tar_path, "w:gz") as tar:
            for item in sorted(src.iterdir()):
                tar.add(item, arcname=item.name)
        bucket, key = split_s3(uri, "")
        self.s3.upload_file(str(tar_path), bucket, key)
        tar_path.unlink()
        return True

    # -- the job ------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """What SageMaker does before the container starts: fetch channels, write the config files."""
        for d in (self.paths.config_dir, self.paths.data_dir):
            d.mkdir(parents=True, exist_ok=True)
        self.paths.create()
        channels = {}
        for channel in self.request.get("InputDataConfig", []):
            name = channel["ChannelName"]
            uri = channel["DataSource"]["S3DataSource"]["S3Uri"]
            if self._reuse_local_dataset(uri, self.paths.channel_dir(name)):
                pass
            elif self._download_prefix(uri, self.paths.channel_dir(name)) == 0:
                raise RuntimeError(f"ClientError: no objects under channel {name}'s {uri}")
            channels[name] = {"TrainingInputMode": channel.get("InputMode", "File"),
                              "S3DistributionType": "FullyReplicated", "RecordWrapperType": "None"}
        checkpoint = (self.request.get("CheckpointConfig") or {}).get("S3Uri")
        if checkpoint:  # resume, as SageMaker restores checkpoints onto a restarted spot instance
            self._download_prefix(checkpoint, self.paths.checkpoints_dir)
        rc = self.request.get("ResourceConfig", {})
        files = {
            self.paths.hyperparameters_file: self.request.get("HyperParameters", {}),
            self.paths.inputdataconfig_file: channels,
            self.paths.resourceconfig_file: {
                "current_host": HOST, "hosts": [HOST], "network_interface_name": "lo",
                "current_instance_type": rc.get("InstanceType", "local"), "current_group_name": "homogeneousCluster",
            },
        }
        for path, data in files.items():
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    def _on_line(self, line: str, shipper: LogShipper) -> None:
        print(line, flush=True)
        shipper.add(line)
        if line.strip():
            self.last_line = line.strip()
        found = parse_line(line)
        if found:
            self.metrics.update(found)
            self._save()
            self._publish(found)

    def _publish(self, found: list[tuple[str, float]]) -> None:
        """What SageMaker does with MetricDefinitions: one CloudWatch series per metric, per job."""
        try:
            self.cloudwatch.put_metric_data(Namespace=METRIC_NAMESPACE, MetricData=[
                {"MetricName": name, "Value": value, "Dimensions": [{"Name": "TrainingJobName", "Value": self.job}]}
                for name, value in found])
        except Exception as exc:  # a dashboard gap is no reason to fail training
            print(f"local runner: metrics not published ({exc})", file=sys.stderr, flush=True)

    def train(self) -> int:
        env = {**os.environ, **(self.request.get("Environment") or {}),
               contract.BASE_DIR_ENV: str(self.paths.base), "TRAINING_JOB_NAME": self.job,
               "TRAINING_JOB_ARN": self.status.get("TrainingJobArn", ""), "PYTHONUNBUFFERED": "1"}
        env.pop("THAIOCR_LOCAL_ENDPOINT", None)  # the container has no business with the control plane
        shipper = LogShipper(self.logs, self.job)
        max_runtime = (self.request.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds")
        timer = threading.Timer(max_runtime, self._stop, args=("MaxRuntimeExceeded",)) if max_runtime else None
        try:
            self.child = subprocess.Popen(train_command(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, env=env, text=True, encoding="utf-8",
                                          errors="replace", bufsize=1)
        except OSError as exc:
            shipper.close()
            raise RuntimeError(f"AlgorithmError: cannot start {train_command()[0]}: {exc.strerror}") from None
        if timer:
            timer.daemon = True
            timer.start()
        if self.stop_reason:  # a stop that arrived while downloading
            self._stop(self.stop_reason)
        try:
            for line in self.child.stdout:
                self._on_line(line.rstrip("\n"), shipper)
            return self.child.wait()
        finally:
            if timer:
                timer.cancel()
            shipper.close()

    def _stop(self, reason: str = "Stopped") -> None:
        self.stop_reason = self.stop_reason or reason
        child = self.child
        if child is None or child.poll() is not None:
            return
        child.send_signal(signal.SIGTERM)

        def _kill_later():
            try:
                child.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()

        threading.Thread(target=_kill_later, daemon=True).start()

    def _on_sigterm(self, *_):
        if self.status.get("TrainingJobStatus") == "InProgress":
            self.status["TrainingJobStatus"] = "Stopping"
            self.transition("Stopping", "Stopping the training job")
        self._stop("Stopped")

    def finish(self, status: str, secondary: str, message: str, failure: str | None = None) -> None:
        output = self.request["OutputDataConfig"]["S3OutputPath"].rstrip("/") + f"/{self.job}/output/"
        self.transition("Uploading", "Uploading generated training model")
        checkpoint = (self.request.get("CheckpointConfig") or {}).get("S3Uri")
        if checkpoint and self.paths.checkpoints_dir.is_dir():
            self._upload_dir(self.paths.checkpoints_dir, checkpoint)
        if self._upload_tar(self.paths.model_dir, output + "model.tar.gz"):
            self.status["ModelArtifacts"] = {"S3ModelArtifacts": output + "model.tar.gz"}
        else:
            self.status.pop("ModelArtifacts", None)
        self._upload_tar(self.paths.output_data_dir, output + "output.tar.gz")
        self._close(status, secondary, message, failure)

    def _close(self, status: str, secondary: str, message: str, failure: str | None = None) -> None:
        seconds = max(1, int(round(time.time() - self.started)))
        self.status.update(TrainingEndTime=local_state.now_iso(), TrainingTimeInSeconds=seconds,
                           BillableTimeInSeconds=seconds)
        if failure:
            self.status["FailureReason"] = failure[:1024]
        self.transition(secondary, message, status=status)
        self.status["SecondaryStatusTransitions"][-1]["EndTime"] = local_state.now_iso()
        self._save()

    def _failure_reason(self, rc: int) -> str:
        if self.paths.failure_file.exists():
            text = " ".join(self.paths.failure_file.read_text(encoding="utf-8", errors="replace").split())
            if text:
                return f"AlgorithmError: {text}"
        tail = f" (last line: {self.last_line[:300]})" if self.last_line else ""
        return f"AlgorithmError: the training process exited with code {rc}{tail}"

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_sigterm)
        self.status.update(TrainingStartTime=local_state.now_iso(), pid=os.getpid())
        self.transition("Downloading", "Downloading input data")
        try:
            self.prepare()
            if self.stop_reason:
                self._close("Stopped", "Stopped", "The job was stopped before training started")
                return 3
            self.transition("Training", "Training in progress (local subprocess)")
            rc = self.train()
            if self.stop_reason == "MaxRuntimeExceeded":
                self.finish("Stopped", "MaxRuntimeExceeded", "The job reached its maximum runtime")
                return 3
            if self.stop_reason:
                self.finish("Stopped", "Stopped", "The training job was stopped")
                return 3
            if rc != 0:
                self.finish("Failed", "Failed", "Training job failed", failure=self._failure_reason(rc))
                return 1
            self.finish("Completed", "Completed", "Training job completed")
            return 0
        except Exception as exc:  # the runner's own trouble still ends the job, as SageMaker would
            reason = str(exc) if ":" in str(exc)[:40] else f"InternalServerError: {type(exc).__name__}: {exc}"
            self._close("Failed", "Failed", "Training job failed", failure=reason)
            print(f"local runner: {reason}", file=sys.stderr, flush=True)
            return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m thaiocr.jobs.local_runner JOB", file=sys.stderr)
        return 2
    return Runner(args[0]).run()


if __name__ == "__main__":
    sys.exit(main())
