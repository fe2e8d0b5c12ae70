"""Enough of AWS's policy evaluation to judge the CI roles from their Terraform source: the parsed
aws_iam_policy_document blocks are rendered with concrete values, then asked whether a request is allowed
by an identity policy within a permissions boundary (both must allow; an explicit Deny in either wins)."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any

from infra_tf import as_list, statements

_INTERPOLATION = re.compile(r"\$\{([^{}]+)\}")


def resolve(value: Any, scope: dict[str, Any]) -> Any:
    """`${var.x}` / `${local.x}` / `${data.x.y.z}` replaced from `scope` (keys like "var.x"); a string that is
    one whole reference takes the referenced value itself (a list stays a list)."""
    if isinstance(value, list):
        out: list = []
        for item in value:
            r = resolve(item, scope)
            out.extend(r if isinstance(r, list) and isinstance(item, str) and _whole(item) else [r])
        return out
    if not isinstance(value, str):
        return value
    whole = _whole(value)
    if whole:
        return resolve(_lookup(whole, scope), scope)
    return _INTERPOLATION.sub(lambda m: str(resolve(_lookup(m.group(1).strip(), scope), scope)), value)


def _whole(value: str) -> str | None:
    m = _INTERPOLATION.fullmatch(value)
    return m.group(1).strip() if m else None


def _lookup(ref: str, scope: dict[str, Any]) -> Any:
    if ref not in scope:
        raise KeyError(f"no value for ${{{ref}}} (add it to the test's scope)")
    return scope[ref]


@dataclass
class Statement:
    sid: str
    effect: str
    actions: list[str]
    resources: list[str]
    conditions: list[tuple[str, str, list[str]]] = field(default_factory=list)


def load_statements(doc: dict, scope: dict[str, Any]) -> list[Statement]:
    out = []
    for st in statements(doc):
        conditions = [(c["test"], resolve(c["variable"], scope), [str(v) for v in as_list(resolve(c["values"], scope))])
                      for c in st.get("condition", [])]
        out.append(Statement(sid=st.get("sid", ""), effect=st.get("effect", "Allow"),
                             actions=[str(a) for a in as_list(resolve(st.get("actions", []), scope))],
                             resources=[str(r) for r in as_list(resolve(st.get("resources", []), scope))],
                             conditions=conditions))
    return out


@dataclass(frozen=True)
class Request:
    action: str
    resource: str
    context: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, action: str, resource: str, **context: Any) -> "Request":
        return cls(action, resource, tuple(sorted((k.replace("__", ":"), v) for k, v in context.items())))


def _glob(pattern: str, value: str, *, case: bool) -> bool:
    if not case:
        pattern, value = pattern.lower(), value.lower()
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


_NUMERIC = {"NumericEquals": float.__eq__, "NumericNotEquals": float.__ne__, "NumericLessThan": float.__lt__,
            "NumericLessThanEquals": float.__le__, "NumericGreaterThan": float.__gt__,
            "NumericGreaterThanEquals": float.__ge__}


def _match(op: str, policy_value: str, value: Any) -> bool:
    if op in ("StringEquals", "ArnEquals"):
        return str(value) == policy_value
    if op in ("StringLike", "ArnLike"):
        return _glob(policy_value, str(value), case=True)
    if op == "Bool":
        return str(value).lower() == policy_value.lower()
    if op in _NUMERIC:
        return _NUMERIC[op](float(value), float(policy_value))
    raise NotImplementedError(op)


def condition_holds(test: str, key: str, values: list[str], context: dict[str, Any]) -> bool:
    qualifier, _, op = test.rpartition(":")
    if_exists = op.endswith("IfExists")
    op = op.removesuffix("IfExists")
    present = context.get(key) is not None
    if op == "Null":
        return (not present) == (values[0].lower() == "true")
    negated = op in ("StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike")
    base = op.replace("Not", "", 1) if negated else op
    if not present:
        return qualifier == "ForAllValues" or if_exists or negated
    given = as_list(context[key])
    if qualifier == "ForAllValues":
        return all(any(_match(base, p, g) for p in values) != negated for g in given)
    if qualifier == "ForAnyValue":
        return any(any(_match(base, p, g) for p in values) != negated for g in given)
    hit = any(_match(base, p, given[0]) for p in values)
    return not hit if negated else hit


def applies(st: Statement, req: Request) -> bool:
    context = dict(req.context)
    return (any(_glob(a, req.action, case=False) for a in st.actions)
            and any(_glob(r, req.resource, case=True) for r in st.resources)
            and all(condition_holds(t, k, v, context) for t, k, v in st.conditions))


def allowed(layers: list[list[Statement]], req: Request) -> bool:
    """Every layer (identity policy, permissions boundary) must allow; an explicit Deny anywhere denies."""
    if any(st.effect == "Deny" and applies(st, req) for layer in layers for st in layer):
        return False
    return all(any(st.effect == "Allow" and applies(st, req) for st in layer) for layer in layers)
