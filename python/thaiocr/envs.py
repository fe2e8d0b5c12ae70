"""Environments (local, dev, prod) and their config files `configs/envs/<env>.yaml`."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from thaiocr.errors import UserError
from thaiocr.paths import configs_dir

ENVS = ("local", "dev", "prod")
CLOUD_ENVS = ("dev", "prod")


def check_env(env: str) -> str:
    if env not in ENVS:
        raise UserError(f"unknown env '{env}': use one of {', '.join(ENVS)}")
    return env


@lru_cache(maxsize=None)
def env_config(env: str) -> dict[str, Any]:
    """The parsed `configs/envs/<env>.yaml`."""
    import yaml

    check_env(env)
    path = configs_dir() / "envs" / f"{env}.yaml"
    if not path.exists():
        raise UserError(f"no config for env '{env}': {path} is missing")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping at the top level")
    return data


def region(env: str) -> str:
    return str(env_config(env).get("region", "us-east-1"))


def env_arg(parser, default: str = "local") -> None:
    """The `--env` flag every AWS-touching command shares."""
    parser.add_argument("--env", default=default, type=check_env_type, metavar="{local,dev,prod}",
                        help=f"environment (default: {default})")


def check_env_type(value: str) -> str:
    import argparse

    if value not in ENVS:
        raise argparse.ArgumentTypeError(f"unknown env '{value}': use one of {', '.join(ENVS)}")
    return value
