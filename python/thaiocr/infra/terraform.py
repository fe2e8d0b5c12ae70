"""`make infra ENV=dev|prod`: terraform init (the env's backend.hcl), plan to a file, then apply that
very plan once a person (or AUTO_APPROVE=1) has said yes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.infra.outputs import terraform_dir

# The state bucket's real name is per account; CI and people set it here rather than editing backend.hcl.
STATE_BUCKET_VAR = "TF_STATE_BUCKET"
# How long plan and apply wait for another run's state lock (CI's plan, a deploy) instead of failing.
LOCK_TIMEOUT_VAR = "TF_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = "10m"


def lock_timeout() -> str:
    return f"-lock-timeout={os.environ.get(LOCK_TIMEOUT_VAR) or DEFAULT_LOCK_TIMEOUT}"


def terraform_binary() -> str:
    tf = shutil.which("terraform")
    if tf is None:
        raise UserError("terraform is not installed", hint="install terraform >= 1.11, or let CI apply it")
    return tf


def _env() -> dict[str, str]:
    env = dict(os.environ, TF_IN_AUTOMATION="1")
    bucket = os.environ.get(STATE_BUCKET_VAR)
    if bucket:
        env["TF_VAR_state_bucket"] = bucket  # the CI roles are granted exactly the bucket the backend uses
    return env


def _run(tf: str, workdir: Path, env_name: str, step: str, *args: str) -> None:
    cmd = [tf, f"-chdir={workdir}", step, *args]
    proc = subprocess.run(cmd, env=_env())
    if proc.returncode != 0:
        raise UserError(f"terraform {step} failed for env '{env_name}' (exit {proc.returncode})",
                        hint="see terraform's output above")


def confirmed(env_name: str) -> bool:
    """AUTO_APPROVE=1 says yes; otherwise ask on a terminal, and refuse when there is none to ask."""
    if os.environ.get("AUTO_APPROVE") == "1":
        return True
    if not sys.stdin.isatty():
        raise UserError(f"not applying to '{env_name}' without confirmation",
                        hint="run it in a terminal or set AUTO_APPROVE=1")
    answer = input(f"Apply this plan to '{env_name}'? Only 'yes' applies: ")
    return answer.strip().lower() == "yes"


def apply(env_name: str) -> bool:
    """init, plan, confirm, apply; False when the person declined."""
    tf = terraform_binary()
    workdir = terraform_dir(env_name)
    if not (workdir / "backend.hcl").exists():
        raise UserError(f"{workdir / 'backend.hcl'} is missing")
    init_args = ["-input=false", "-backend-config=backend.hcl"]
    bucket = os.environ.get(STATE_BUCKET_VAR)
    if bucket:
        init_args.append(f"-backend-config=bucket={bucket}")
    _run(tf, workdir, env_name, "init", *init_args)
    plan_file = f"{env_name}.tfplan"
    _run(tf, workdir, env_name, "plan", "-input=false", lock_timeout(), f"-out={plan_file}")
    try:
        if not confirmed(env_name):
            return False
        _run(tf, workdir, env_name, "apply", "-input=false", lock_timeout(), plan_file)
    finally:
        (workdir / plan_file).unlink(missing_ok=True)
    return True
