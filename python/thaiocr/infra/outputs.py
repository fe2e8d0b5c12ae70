"""Infra outputs per environment.

dev/prod: `terraform output -json` in terraform/envs/<env>. local: the file `thaiocr infra apply --env local`
writes under .local/. Nothing else in the project knows a bucket name, an ARN or an account.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from thaiocr.envs import check_env
from thaiocr.errors import UserError
from thaiocr.paths import local_dir, repo_root

LIFECYCLE_FIELDS = ("model_package_group", "endpoint_role_arn", "serve_repository_url", "endpoint_name")


@dataclass(frozen=True)
class InfraOutputs:
    bucket: str
    bucket_arn: str
    repository_url: str
    role_arn: str
    log_group: str
    sns_topic_arn: str
    kms_key_arn: str | None = None
    # the model lifecycle (terraform/modules/model_registry); optional, so older outputs still load
    model_package_group: str | None = None
    endpoint_role_arn: str | None = None
    serve_repository_url: str | None = None
    endpoint_name: str | None = None

    def to_dict(self) -> dict:
        """The fields, less lifecycle ones an env does not have yet (so older readers see what they knew)."""
        return {k: v for k, v in asdict(self).items() if v is not None or k not in LIFECYCLE_FIELDS}

    @classmethod
    def from_dict(cls, data: dict) -> "InfraOutputs":
        names = {f.name for f in fields(cls)}
        missing = [f.name for f in fields(cls) if f.default is not None and f.name not in data]
        if missing:
            raise UserError(f"infrastructure outputs lack {', '.join(missing)}")
        return cls(**{k: (v or None) if k == "kms_key_arn" else v for k, v in data.items() if k in names})


def local_outputs_file() -> Path:
    return local_dir() / "infra" / "outputs.json"


def terraform_dir(env: str) -> Path:
    return repo_root() / "terraform" / "envs" / env


def load(env: str) -> InfraOutputs:
    """The outputs of `env`; a one-line error when that env has not been applied."""
    check_env(env)
    if env == "local":
        path = local_outputs_file()
        if not path.exists():
            raise UserError("the local stack has no infrastructure yet", hint="run 'make infra ENV=local'")
        return InfraOutputs.from_dict(json.loads(path.read_text()))
    return InfraOutputs.from_dict(_terraform_outputs(env))


def _terraform_outputs(env: str) -> dict:
    tf = shutil.which("terraform")
    if tf is None:
        raise UserError(f"terraform is not installed, so the outputs of env '{env}' cannot be read",
                        hint="install terraform >= 1.6 or run from CI")
    proc = subprocess.run([tf, f"-chdir={terraform_dir(env)}", "output", "-json", "-no-color"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        error = _first_error(proc.stderr)
        if "init" in error:  # never initialised here: there is no state to read
            raise UserError(f"env '{env}' has no Terraform state here ({error})", hint=f"run 'make infra ENV={env}'")
        raise UserError(f"cannot read the outputs of env '{env}': {error}", hint=f"run 'make infra ENV={env}'")
    raw = json.loads(proc.stdout or "{}")
    if not raw:
        raise UserError(f"env '{env}' has no Terraform state yet", hint=f"run 'make infra ENV={env}'")
    return {k: v.get("value") for k, v in raw.items()}


def _first_error(stderr: str) -> str:
    """Terraform's first `Error:` line, without its box drawing; warnings (e.g. a missing CLI config) are skipped."""
    lines = [ln.strip(" \u2502\u2577\u2575").strip() for ln in stderr.splitlines()]
    for line in lines:
        if line.startswith("Error:"):
            return line[len("Error:"):].strip() or "terraform output failed"
    return next((ln for ln in lines if ln), "terraform output failed")
