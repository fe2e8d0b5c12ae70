"""Turn whatever the user calls a model (a dir, a model.tar.gz, an s3:// URI, or nothing) into a local
model dir, so eval, predict and serve accept the same things.

With no `--model`: THAIOCR_MODEL, then SageMaker's /opt/ml/model (the serving container), then the
highest-versioned shipped model under `models/` (a dir with `inference/` and a model card; v10 after v9,
as file times mean nothing in a fresh clone).
"""
from __future__ import annotations

import hashlib
import os
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import cache_dir, repo_root

MODEL_CARDS = ("MODEL_CARD.md", "README.md")
SAGEMAKER_MODEL_DIR = "/opt/ml/model"


def inference_dir(model_dir: Path) -> Path | None:
    """The folder holding inference.{json|pdmodel} + .pdiparams: `<dir>/inference` or the dir itself."""
    for cand in (model_dir / "inference", model_dir):
        if (cand / "inference.pdiparams").is_file() and (
                (cand / "inference.json").is_file() or (cand / "inference.pdmodel").is_file()):
            return cand
    return None


def check_model_dir(path: Path) -> Path:
    if not path.exists():
        raise UserError(f"model not found: {path}")
    if not path.is_dir():
        raise UserError(f"{path}: not a model dir, model.tar.gz or s3:// URI")
    if inference_dir(path) is None:
        raise UserError(f"{path}: no exported model (expected inference/inference.json or .pdmodel "
                        "with inference.pdiparams, as tools/export_model.py writes)")
    return path


def _version_key(name: str) -> list:
    """th_lines_cpu_v10 after th_lines_cpu_v9: file times mean nothing in a fresh clone."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", name)]


def shipped_models(root: Path | None = None) -> list[Path]:
    """Shipped model dirs under models/ (each with a model card and an inference/ export), highest version first."""
    base = (root or repo_root()) / "models"
    if not base.is_dir():
        return []
    found = [d for d in base.iterdir()
             if d.is_dir() and any((d / c).is_file() for c in MODEL_CARDS) and inference_dir(d) is not None]
    return sorted(found, key=lambda d: _version_key(d.name), reverse=True)


def default_model() -> Path:
    env = os.environ.get("THAIOCR_MODEL")
    if env:
        return resolve_model(env)
    sm = Path(os.environ.get("SM_MODEL_DIR", SAGEMAKER_MODEL_DIR))
    if sm.is_dir() and inference_dir(sm) is not None:
        return sm
    shipped = shipped_models()
    if shipped:
        return shipped[0]
    raise UserError("no --model given and no shipped model under models/ "
                    "(pass --model DIR|model.tar.gz|s3://..., or run make train and make fetch-model)")


def resolve_model(spec: str | os.PathLike | None, *, env: str | None = "local") -> Path:
    """A local model dir for `spec`; archives and S3 objects are unpacked once into .cache/models/."""
    if spec is None or str(spec) == "":
        return default_model()
    text = str(spec)
    if text.startswith("s3://"):
        text = str(_download_s3(text, env))
    path = Path(text).expanduser()
    if path.is_file() and (path.name.endswith((".tar.gz", ".tgz", ".tar"))):
        return check_model_dir(_unpack(path))
    return check_model_dir(path)


def _unpack(archive: Path) -> Path:
    st = archive.stat()
    key = hashlib.sha256(f"{archive.resolve()}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:16]
    dest = cache_dir() / "models" / key
    if (dest / ".unpacked").exists():
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(dest, filter="data")  # refuses absolute paths, .. and device files
    except (tarfile.TarError, OSError) as exc:
        raise UserError(f"{archive}: cannot unpack ({exc})") from None
    (dest / ".unpacked").touch()
    return dest


def split_s3_uri(uri: str) -> tuple[str, str]:
    rest = uri[len("s3://"):]
    bucket, _, key = rest.partition("/")
    if not bucket or not key:
        raise UserError(f"bad S3 URI '{uri}': expected s3://bucket/key")
    return bucket, key


def _s3(env: str | None):
    """The project's client for `env`; None (the serving image): boto3's default chain, i.e. the
    SageMaker execution role and AWS_REGION, with no project config files needed."""
    if env is None:
        import boto3

        return boto3.client("s3")
    from thaiocr.aws.session import client

    return client("s3", env)


def read_s3_bytes(uri: str, env: str | None, max_bytes: int | None = None) -> bytes:
    """One object's bytes; a missing object or bucket is the user's mistake, not a crash."""
    from botocore.exceptions import BotoCoreError, ClientError

    bucket, key = split_s3_uri(uri)
    try:
        s3 = _s3(env)
        if max_bytes is not None:
            size = s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
            if size > max_bytes:
                raise UserError(f"{uri}: {size} bytes is over the limit of {max_bytes}")
        return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "error")
        raise UserError(f"cannot read {uri}: {code}") from None
    except BotoCoreError as exc:
        raise UserError(f"cannot read {uri}: {exc}") from None


def _download_s3(uri: str, env: str | None) -> Path:
    bucket, key = split_s3_uri(uri)
    name = Path(key).name or "model.tar.gz"
    dest = cache_dir() / "models" / "s3" / hashlib.sha256(uri.encode()).hexdigest()[:16] / name
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(dest.suffix + ".part")
        tmp.write_bytes(read_s3_bytes(uri, env))
        tmp.replace(dest)
    return dest


PRETRAINED_FILE = "pretrained.pdparams"  # a shipped model's training state dict, for the `pretrained` channel


@dataclass(frozen=True)
class ShippedPretrained:
    """The newest shipped model's training weights and the config (architecture) they belong to."""

    model: Path
    weights: Path
    config: str | None

    @property
    def name(self) -> str:
        return self.model.name


def shipped_pretrained(root: Path | None = None) -> ShippedPretrained | None:
    """`models/<name>/pretrained.pdparams` beside the highest-versioned shipped model, if it is there."""
    import json

    shipped = shipped_models(root)
    if not shipped or not (shipped[0] / PRETRAINED_FILE).is_file():
        return None
    try:
        config = json.loads((shipped[0] / "metrics.json").read_text(encoding="utf-8")).get("config")
    except (OSError, ValueError):
        config = None
    return ShippedPretrained(shipped[0], shipped[0] / PRETRAINED_FILE, config)
