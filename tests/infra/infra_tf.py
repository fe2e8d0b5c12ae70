"""Helpers for the Terraform tests: the parsed terraform/ tree (python-hcl2), no binary needed."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from thaiocr.infra.hcl import load_hcl

REPO = Path(__file__).resolve().parents[2]
TF = REPO / "terraform"
MODULES_DIR = TF / "modules"
ENVS_DIR = TF / "envs"
MODULES = sorted(p.name for p in MODULES_DIR.iterdir() if p.is_dir())
ENVS = ("dev", "prod")
REQUIRED_MODULE_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")


@lru_cache(maxsize=None)
def parse_dir(path: Path) -> dict[str, list]:
    """Every top-level block of every .tf file in `path`, merged by block kind."""
    merged: dict[str, list] = {}
    for tf in sorted(path.glob("*.tf")):
        for kind, blocks in load_hcl(tf).items():
            merged.setdefault(kind, []).extend(blocks if isinstance(blocks, list) else [blocks])
    return merged


def labelled(path: Path, kind: str) -> dict[str, dict]:
    """Blocks with one label (variable, output, module): name -> body."""
    out: dict[str, dict] = {}
    for block in parse_dir(path).get(kind, []):
        out.update(block)
    return out


def typed(path: Path, kind: str) -> Iterator[tuple[str, str, dict]]:
    """Blocks with two labels (resource, data): (type, name, body)."""
    for block in parse_dir(path).get(kind, []):
        for rtype, named in block.items():
            for name, body in named.items():
                yield rtype, name, body


def resources(path: Path, rtype: str) -> list[dict]:
    return [body for t, _, body in typed(path, "resource") if t == rtype]


def statements(doc: dict) -> list[dict]:
    """The statements of an aws_iam_policy_document, dynamic ones included."""
    found = list(doc.get("statement", []))
    for dyn in doc.get("dynamic", []):
        for content in dyn.get("statement", {}).get("content", []):
            found.append(content)
    return found


def policy_documents() -> Iterator[tuple[str, str, dict]]:
    """(module, data source name, body) of every aws_iam_policy_document in the modules."""
    for module in MODULES:
        for rtype, name, body in typed(MODULES_DIR / module, "data"):
            if rtype == "aws_iam_policy_document":
                yield module, name, body


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


_REF = re.compile(r"\$\{(var|local)\.([A-Za-z_][A-Za-z0-9_.]*)\}")


def render(template: str, variables: dict[str, Any], locals_: dict[str, Any]) -> str:
    """Evaluate plain `${var.x}` / `${local.x.y}` interpolations (what the naming locals use)."""
    def value(m: re.Match) -> str:
        scope, dotted = m.group(1), m.group(2)
        node: Any = variables if scope == "var" else locals_
        for part in dotted.split("."):
            node = node[part]
        return render(str(node), variables, locals_) if isinstance(node, str) else str(node)

    previous = None
    while previous != template:
        previous, template = template, _REF.sub(value, template)
    return template
