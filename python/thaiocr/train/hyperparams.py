"""Hyperparameters: SageMaker hands every value over as a string; parse and check them all up front.

A typo in a hyperparameter must fail in seconds with its name in the message, not after an hour of
GPU time or, worse, be silently ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any, Callable

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


def _filename(v: str) -> str:
    s = v.strip()
    if not s or "/" in s or s.startswith("."):
        raise ValueError("must be a file name inside the pretrained channel")
    return s


@dataclass(frozen=True)
class TrainParams:
    """The validated hyperparameters; None means 'keep what the config or dataset says'."""

    config: str = "th_ppocrv5_mobile"
    epochs: int | None = None
    learning_rate: float | None = None
    warmup_epochs: float | None = None
    batch_size: int | None = None
    max_text_length: int | None = None
    image_shape: tuple[int, int, int] | None = None
    amp: bool | None = None
    device: str = "auto"
    seed: int = 1234
    eval_every: int | None = None
    save_epoch_step: int | None = None
    print_every: int | None = None
    num_workers: int | None = None
    cpu_trainers: int = 1
    train_fraction: float | None = None
    pretrained: str | None = None
    evaluate: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


PARSERS: dict[str, Callable[[str], Any]] = {
    "config": _config,
    "epochs": _int(1),
    "learning_rate": _float(),
    "warmup_epochs": _float(positive=False),
    "batch_size": _int(1),
    "max_text_length": _int(1),
    "image_shape": _image_shape,
    "amp": _tristate,
    "device": _choice("auto", "gpu", "cpu"),
    "seed": _int(0),
    "eval_every": _int(1),
    "save_epoch_step": _int(1),
    "print_every": _int(1),
    "num_workers": _int(0),
    "cpu_trainers": _int(1),
    "train_fraction": _fraction,
    "pretrained": _filename,
    "evaluate": _bool,
}

assert set(PARSERS) == {f.name for f in fields(TrainParams)} - {"extra"}


def _ignored(key: str) -> bool:
    """Keys SageMaker or its SDK add on their own (and HPO's `_tuning_objective_metric`)."""
    return key.startswith(("sagemaker_", "_"))


def parse_hyperparameters(raw: dict[str, str]) -> TrainParams:
    """Every problem in one message, so a job submitted with two typos fails once, not twice."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in sorted(raw.items()):
        if _ignored(key):
            continue
        parser = PARSERS.get(key)
        if parser is None:
            problems.append(f"unknown hyperparameter '{key}'")
            continue
        text = value if isinstance(value, str) else str(value)
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1]  # the SageMaker Python SDK JSON-quotes strings
        try:
            values[key] = parser(text)
        except ValueError as exc:
            reason = str(exc) if not str(exc).startswith(("invalid literal", "could not convert")) else "not a number"
            problems.append(f"hyperparameter {key}={text!r}: {reason}")
    if problems:
        known = ", ".join(sorted(PARSERS))
        raise UserError("; ".join(problems), hint=f"known: {known}")
    return TrainParams(**values)
