"""Reading Terraform files from Python (python-hcl2), so tfvars stay the one source of names and settings."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from thaiocr.errors import UserError
from thaiocr.paths import repo_root

# ENV=local has no Terraform of its own: it mirrors dev's settings under its own environment name.
LOCAL_SOURCE_ENV = "dev"


def terraform_root() -> Path:
    return repo_root() / "terraform"


def load_hcl(path: Path) -> dict[str, Any]:
    """Strings unquoted and no block markers, so callers compare values the way Terraform reads them."""
    import hcl2
    from hcl2.utils import SerializationOptions

    options = SerializationOptions(with_comments=False, explicit_blocks=False, strip_string_quotes=True)
    try:
        with open(path, encoding="utf-8") as fh:
            return hcl2.load(fh, serialization_options=options)
    except FileNotFoundError:
        raise UserError(f"{path} is missing") from None
    except Exception as exc:  # hcl2 raises lark errors of many kinds
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UserError(f"{path}: not valid HCL ({first})") from None


def tfvars(env: str) -> dict[str, Any]:
    """The values of `terraform/envs/<env>/terraform.tfvars`; for local, dev's with environment = "local"."""
    from thaiocr.envs import check_env

    check_env(env)
    source = LOCAL_SOURCE_ENV if env == "local" else env
    values = load_hcl(terraform_root() / "envs" / source / "terraform.tfvars")
    values["environment"] = env
    for required in ("project", "region"):
        if not isinstance(values.get(required), str) or not values[required]:
            raise UserError(f"terraform/envs/{source}/terraform.tfvars lacks '{required}'")
    return values


def module_defaults(module: str) -> dict[str, Any]:
    """A module's variable defaults: what the local stack uses wherever the env passes no value (as Terraform would)."""
    data = load_hcl(terraform_root() / "modules" / module / "variables.tf")
    out: dict[str, Any] = {}
    for block in data.get("variable", []):
        for name, body in block.items():
            if "default" in body:
                out[name] = body["default"]
    return out
