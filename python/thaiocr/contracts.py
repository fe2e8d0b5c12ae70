"""Shared by the typed contracts (env config, dataset spec, manifest, hyperparameters): a pydantic
ValidationError becomes one UserError line that names the file and the field, never a traceback."""
from __future__ import annotations

from typing import Any

from thaiocr.errors import UserError


def field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc if not (isinstance(p, str) and p.startswith(("function-", "tagged-")))) \
        or "<top>"


def one_line(exc, src: str) -> UserError:
    """The first problem of `exc` (a pydantic ValidationError) as `<src>: field 'a.b': <what>`."""
    err = exc.errors()[0]
    where = field_path(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        what = "unknown field"
    elif kind == "missing":
        what = "is required"
    else:
        cause = (err.get("ctx") or {}).get("error")
        what = str(cause) if cause is not None else err["msg"][:1].lower() + err["msg"][1:]
        if "input" in err and kind != "value_error":
            what += f", got {err['input']!r}"
    more = len(exc.errors()) - 1
    return UserError(f"{src}: field '{where}': {what}" + (f" (and {more} more)" if more else ""))
