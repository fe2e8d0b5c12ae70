"""Shared by the typed contracts (env config, dataset spec, manifest, hyperparameters): a pydantic
ValidationError becomes one UserError line that names the file and the field, never a traceback."""
from __future__ import annotations

from typing import Any

from thaiocr.errors import UserError


def field_path(loc: tuple[Any, ...]) -> str:
    """`effects.blur.p`; list indexes and pydantic's internal union tags are left out."""
    return ".".join(str(p) for p in loc
                    if not isinstance(p, int) and not str(p).startswith(("function-", "tagged-"))) or "<top>"


def known_fields(model, loc: tuple[Any, ...]) -> list[str]:
    """The field names of the (sub-)model that holds `loc`'s last element, for 'unknown field' errors."""
    import typing

    from pydantic import BaseModel

    current = model
    for part in loc[:-1]:
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        ann = field.annotation
        while typing.get_origin(ann) in (typing.Annotated, typing.Union) or type(ann).__name__ == "UnionType":
            ann = next((a for a in typing.get_args(ann) if a is not type(None)), None)
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
            return []
        current = ann
    return list(getattr(current, "model_fields", {}))


def one_line(exc, src: str, model=None) -> UserError:
    """The first problem of `exc` (a pydantic ValidationError) as `<src>: field 'a.b': <what>`."""
    err = exc.errors()[0]
    where = field_path(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        known = known_fields(model, err["loc"]) if model is not None else []
        what = "unknown field" + (f" (known: {', '.join(known)})" if known else "")
    elif kind == "missing":
        what = "is required"
    else:
        cause = (err.get("ctx") or {}).get("error")
        what = str(cause) if cause is not None else err["msg"][:1].lower() + err["msg"][1:]
        if "input" in err and kind != "value_error":
            what += f", got {err['input']!r}"
    more = len(exc.errors()) - 1
    return UserError(f"{src}: field '{where}': {what}" + (f" (and {more} more)" if more else ""))
