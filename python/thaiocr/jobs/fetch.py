"""`thaiocr train fetch-model`: the job's model.tar.gz, downloaded and unpacked into a model dir that
eval, predict and serve read, and its metrics.json printed."""
from __future__ import annotations

import json
import tarfile
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.jobs import describe as describe_mod
from thaiocr.jobs.dataset import split_s3
from thaiocr.paths import local_dir


def default_dir(env: str, job: str) -> Path:
    return local_dir() / "models" / env / job


def _unpack(archive: Path, dest: Path) -> None:
    with tarfile.open(archive) as tar:
        try:
            tar.extractall(dest, filter="data")  # refuses absolute paths and links out of dest
        except TypeError:  # Python < 3.10.12 has no filter
            for member in tar.getmembers():
                target = (dest / member.name).resolve()
                if not str(target).startswith(str(dest.resolve())) or member.issym() or member.islnk():
                    raise UserError(f"{archive.name} holds an unsafe path: {member.name}") from None
            tar.extractall(dest)


def fetch(env: str, job: str | None = None, out_dir: str | None = None, *, sm=None, s3=None, out=print) -> Path:
    from thaiocr.aws.session import client

    sm = sm or client("sagemaker", env)
    job = describe_mod.resolve_job(env, job, sm)
    desc = describe_mod.describe(env, job, sm=sm)
    status = desc.get("TrainingJobStatus")
    uri = (desc.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
    if status != "Completed" or not uri:
        hint = f"follow it with 'make monitor ENV={env} JOB={job}'" if status in ("InProgress", "Stopping") \
            else "only a Completed job has a model"
        raise UserError(f"job {job} is {status}: no model to fetch", hint=hint)
    dest = Path(out_dir) if out_dir else default_dir(env, job)
    dest.mkdir(parents=True, exist_ok=True)
    bucket, key = split_s3(uri, "")
    archive = dest / "model.tar.gz"
    s3 = s3 or client("s3", env)
    try:
        s3.download_file(bucket, key, str(archive))
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") not in ("404", "NoSuchKey"):
            raise
        raise UserError(f"{uri} does not exist", hint="the job finished without uploading a model") from None
    _unpack(archive, dest)
    archive.unlink()
    out(f"model of {job}: {dest}")
    metrics = dest / "metrics.json"
    if metrics.exists():
        out(json.dumps(json.loads(metrics.read_text(encoding="utf-8")), indent=2, ensure_ascii=False))
    else:
        out("(the model has no metrics.json)")
    return dest
