"""Hyperparameters: SageMaker hands every value over as a string; parse and check them all up front.

A typo in a hyperparameter must fail in seconds with its name in the message, not after an hour of
GPU time or, worse, be silently ignored.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Callable

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from thaiocr.errors import UserError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_CONFIG_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def _int(lo: int | None = None) -> Callable[[str], int]:
    def parse(v: str) -> int:
        n = int(v.strip())
        if lo is not None and n < lo:
            raise ValueError(f"must be >= {lo}")
        return n
    return parse


def _float(positive: bool = True) -> Callable[[str], float]:
    def parse(v: str) -> float:
        x = float(v.strip())
        if x != x or x in (float("inf"), float("-inf")):
            raise ValueError("must be a finite number")
        if positive and x <= 0:
            raise ValueError("must be > 0")
        if not positive and x < 0:
            raise ValueError("must be >= 0")
        return x
    return parse


def _bool(v: str) -> bool:
    s = v.strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError("must be true or false")


def _tristate(v: str) -> bool | None:
    """`auto` leaves the choice to the device (AMP on GPU only)."""
    return None if v.strip().lower() == "auto" else _bool(v)


def _choice(*options: str) -> Callable[[str], str]:
    def parse(v: str) -> str:
        s = v.strip().lower()
        if s not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return s
    return parse


def _config(v: str) -> str:
    s = v.strip()
    if s.endswith((".yml", ".yaml")):
        s = s.rsplit(".", 1)[0]
    if not _CONFIG_NAME.match(s):
        raise ValueError("must be a config name under configs/rec/, e.g. th_ppocrv5_mobile")
    return s


def _image_shape(v: str) -> tuple[int, int, int]:
    """`48,320` or `3,48,320` (PaddleOCR's C,H,W)."""
    parts = [p for p in re.split(r"[,x\s\[\]]+", v.strip()) if p]
    nums = [int(p) for p in parts]
    if len(nums) == 2:
        nums = [3, *nums]
    if len(nums) != 3 or nums[0] not in (1, 3) or nums[1] < 8 or nums[2] < 8:
        raise ValueError("must be H,W or C,H,W with C 1 or 3, e.g. 48,320")
    if nums[1] % 8 or nums[2] % 8:
        raise ValueError("height and width must be multiples of 8")
    return nums[0], nums[1], nums[2]


def _fraction(v: str) -> float:
    f = float(v)
    if not 0 < f <= 1:
        raise ValueError("must be in (0, 1]: the share of training lines each epoch draws afresh")
    return f


def _replay_fraction(v: str) -> float:
    f = float(v)
    if not 0 <= f <= 1:
        raise ValueError("must be in [0, 1]: the share of the replay channel's training lines mixed in")
    return f


def _filename(v: str) -> str:
    s = v.strip()
    if not s or "/" in s or s.startswith("."):
        raise ValueError("must be a file name inside the pretrained channel")
    return s


def _v(parse: Callable[[str], Any]) -> BeforeValidator:
    """Run one string parser on the raw value (SageMaker hands over strings; the env YAML may not)."""
    return BeforeValidator(lambda v: v if v is None else parse(v if isinstance(v, str) else _text(v)))


def _text(v: Any) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


class TrainParams(BaseModel):
    """The validated hyperparameters; None means 'keep what the config or dataset says'.

    One model for both sides: the container parses its hyperparameters.json with it, and preflight
    (`train submit`, `--dry-run`, `make train HP=...`) runs the same model before any money is spent."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    config: Annotated[str, _v(_config)] = "th_ppocrv5_mobile"
    epochs: Annotated[int | None, _v(_int(1))] = None
    learning_rate: Annotated[float | None, _v(_float())] = None
    warmup_epochs: Annotated[float | None, _v(_float(positive=False))] = None
    batch_size: Annotated[int | None, _v(_int(1))] = None  # per device
    max_text_length: Annotated[int | None, _v(_int(1))] = None
    image_shape: Annotated[tuple[int, int, int] | None, _v(_image_shape)] = None
    amp: Annotated[bool | None, _v(_tristate)] = None
    device: Annotated[str, _v(_choice("auto", "gpu", "cpu"))] = "auto"
    seed: Annotated[int, _v(_int(0))] = 1234
    eval_every: Annotated[int | None, _v(_int(1))] = None
    save_epoch_step: Annotated[int | None, _v(_int(1))] = None
    print_every: Annotated[int | None, _v(_int(1))] = None
    num_workers: Annotated[int | None, _v(_int(0))] = None
    cpu_trainers: Annotated[int, _v(_int(1))] = 1
    train_fraction: Annotated[float | None, _v(_fraction)] = None
    replay_fraction: Annotated[float | None, _v(_replay_fraction)] = None  # share of the replay channel mixed in
    pretrained: Annotated[str | None, _v(_filename)] = None
    evaluate: Annotated[bool, _v(_bool)] = True


KNOWN = tuple(TrainParams.model_fields)
# What each key accepts, for the one-line error of an unknown key or a bad value.
ALLOWED = {
    "config": "a name in configs/rec/", "epochs": "an integer >= 1", "learning_rate": "a number > 0",
    "warmup_epochs": "a number >= 0", "batch_size": "an integer >= 1", "max_text_length": "an integer >= 1",
    "image_shape": "H,W or C,H,W (multiples of 8)", "amp": "auto, true or false", "device": "auto, gpu or cpu",
    "seed": "an integer >= 0", "eval_every": "an integer >= 1", "save_epoch_step": "an integer >= 1",
    "print_every": "an integer >= 1", "num_workers": "an integer >= 0", "cpu_trainers": "an integer >= 1",
    "train_fraction": "a number in (0, 1]", "replay_fraction": "a number in [0, 1]",
    "pretrained": "a .pdparams file name in the pretrained channel",
    "evaluate": "true or false",
}
assert set(ALLOWED) == set(KNOWN)


def _ignored(key: str) -> bool:
    """Keys SageMaker or its SDK add on their own (and HPO's `_tuning_objective_metric`)."""
    return key.startswith(("sagemaker_", "_"))


def _unquote(value: Any) -> Any:
    text = value if isinstance(value, str) else _text(value)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]  # the SageMaker Python SDK JSON-quotes strings
    return text


def parse_hyperparameters(raw: dict[str, Any]) -> TrainParams:
    """Every problem in one line, so a job submitted with two typos fails once, not twice."""
    values = {k: _unquote(v) for k, v in sorted(raw.items()) if not _ignored(k)}
    try:
        return TrainParams.model_validate(values)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else "?"
            if err["type"] == "extra_forbidden":
                problems.append(f"unknown hyperparameter '{key}'")
                continue
            cause = str((err.get("ctx") or {}).get("error", err["msg"]))
            if cause.startswith(("invalid literal", "could not convert")):
                cause = "not a number"
            problems.append(f"hyperparameter {key}={values.get(key)!r}: {cause} (allowed: {ALLOWED.get(key, '?')})")
        unknown = any(p.startswith("unknown") for p in problems)
        raise UserError("; ".join(problems), hint=f"known: {', '.join(KNOWN)}" if unknown else None) from None
