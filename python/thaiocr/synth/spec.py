"""Dataset specs (`datasets/specs/*.yaml`): parsed and checked field by field before any image is made.

A wrong field is a one-line UserError naming it (exit 2), so a typo never costs a half-written dataset.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from thaiocr.errors import UserError
from thaiocr.synth.effects import EFFECTS
from thaiocr.text.dictionary import BASE_CHARSETS
from thaiocr.text.sources import KINDS, TextMix

MODES = ("char", "word", "line")
SPLITS = ("train", "val", "test")


@dataclass
class EffectSpec:
    name: str
    p: float
    params: dict[str, Any]


@dataclass
class FontSpec:
    system: bool = True  # every installed Thai-capable font (fontconfig)
    files: list[str] = field(default_factory=list)  # extra font files or folders; missing ones are errors
    optional: list[str] = field(default_factory=list)  # font files or folders used when present (make fonts)
    exclude: list[str] = field(default_factory=list)  # families never used
    test_holdout: list[str] = field(default_factory=list)  # families used only by the test split
    size: tuple[int, int] = (28, 40)  # two render sizes in px, one per font (before scaling to image_height)


@dataclass
class Spec:
    name: str
    mode: str
    count: int
    seed: int
    splits: dict[str, float]
    image_height: int
    max_text_length: int
    use_space_char: bool
    dictionary_base: list[str]
    text: TextMix
    fonts: FontSpec
    effects: list[EffectSpec]
    shard_size: int = 250
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("path")
        return d

    def split_counts(self) -> dict[str, int]:
        """Counts per split; rounding remainders go to train so they always sum to `count`."""
        counts = {s: int(round(self.count * self.splits.get(s, 0.0))) for s in SPLITS}
        counts["train"] = self.count - counts["val"] - counts["test"]
        return counts


def _err(path: str, field_name: str, msg: str) -> UserError:
    return UserError(f"{path}: field '{field_name}': {msg}")


class _Reader:
    """Typed access to one mapping with errors that name the full field path."""

    def __init__(self, data: Any, where: str, src: str):
        if not isinstance(data, dict):
            raise _err(src, where or "<top>", "expected a mapping")
        self.data, self.where, self.src, self.used = data, where, src, set()

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, default: Any = ..., kind: type | tuple = object) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise _err(self.src, self._name(key), "is required")
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is not object and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise _err(self.src, self._name(key), f"expected {names}, got {value!r}")
        return value

    def number(self, key: str, default: Any, lo: float | None = None, hi: float | None = None, integer=False):
        value = self.get(key, default, int if integer else (int, float))
        if value is default and default is None:
            return None
        if lo is not None and value < lo or hi is not None and value > hi:
            raise _err(self.src, self._name(key), f"must be in [{lo}, {hi}], got {value}")
        return value

    def pair(self, key: str, default, lo=None, hi=None, integer=False) -> tuple:
        value = self.get(key, default)
        if not (isinstance(value, (list, tuple)) and len(value) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            raise _err(self.src, self._name(key), f"expected [min, max], got {value!r}")
        a, b = value
        if integer and not all(isinstance(v, int) for v in value):
            raise _err(self.src, self._name(key), f"expected whole numbers, got {value!r}")
        if a > b or (lo is not None and a < lo) or (hi is not None and b > hi):
            raise _err(self.src, self._name(key), f"expected min <= max within [{lo}, {hi}], got {value!r}")
        return (a, b)

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise _err(self.src, self._name(unknown[0]), "unknown field")


def _effect(name: str, raw: Any, src: str) -> EffectSpec:
    if name not in EFFECTS:
        raise _err(src, f"effects.{name}", f"unknown effect (known: {', '.join(EFFECTS)})")
    if raw is False or raw is None:
        raw = {"p": 0.0}
    r = _Reader(raw, f"effects.{name}", src)
    p = r.number("p", 1.0, 0.0, 1.0)
    defaults = EFFECTS[name][2]
    params: dict[str, Any] = {}
    for key, default in defaults.items():
        if isinstance(default, tuple):
            params[key] = r.pair(key, default, lo=0, integer=isinstance(default[0], int))
        else:
            params[key] = r.number(key, default, lo=0, integer=isinstance(default, int) and not isinstance(default, bool))
    r.finish()
    return EffectSpec(name, float(p), params)


def parse_spec(data: Any, src: str = "<spec>") -> Spec:
    r = _Reader(data, "", src)
    name = r.get("name", kind=str)
    mode = r.get("mode", "line", str)
    if mode not in MODES:
        raise _err(src, "mode", f"must be one of {', '.join(MODES)}, got {mode!r}")
    count = r.get("count", kind=int)
    if count <= 0:
        raise _err(src, "count", f"must be positive, got {count}")
    seed = r.get("seed", 0, int)

    splits_raw = _Reader(r.get("splits", {"train": 0.70, "val": 0.15, "test": 0.15}), "splits", src)
    splits = {s: float(splits_raw.number(s, 0.0, 0.0, 1.0)) for s in SPLITS}
    splits_raw.finish()
    if abs(sum(splits.values()) - 1.0) > 1e-6:
        raise _err(src, "splits", f"must sum to 1, got {sum(splits.values()):.3f}")

    image_height = r.number("image_height", 48, 16, 256, integer=True)
    max_text_length = r.number("max_text_length", 40, 1, 1000, integer=True)
    use_space_char = r.get("use_space_char", True, bool)
    shard_size = r.number("shard_size", 250, 1, 100_000, integer=True)

    dict_raw = _Reader(r.get("dictionary", {}), "dictionary", src)
    base = dict_raw.get("base", ["thai", "digits"], list)
    for b in base:
        if b not in BASE_CHARSETS:
            raise _err(src, "dictionary.base", f"unknown charset {b!r} (known: {', '.join(BASE_CHARSETS)})")
    dict_raw.finish()

    t = _Reader(r.get("text", {}), "text", src)
    mix_raw = _Reader(t.get("mix", {"thai_words": 1.0}), "text.mix", src)
    weights = {k: float(mix_raw.number(k, 0.0, 0.0)) for k in KINDS}
    mix_raw.finish()
    if sum(weights.values()) <= 0:
        raise _err(src, "text.mix", "needs at least one source with a positive weight")
    mix = TextMix(
        weights=weights,
        words_per_line=t.pair("words_per_line", (1, 8), lo=1, integer=True),
        punctuation_prob=t.number("punctuation_prob", 0.1, 0.0, 1.0),
        space_prob=t.number("space_prob", 0.35, 0.0, 1.0),
        thai_digit_prob=t.number("thai_digit_prob", 0.3, 0.0, 1.0),
    )
    t.finish()

    f = _Reader(r.get("fonts", {}), "fonts", src)
    fonts = FontSpec(
        system=f.get("system", True, bool),
        files=[str(x) for x in f.get("files", [], list)],
        optional=[str(x) for x in f.get("optional", [], list)],
        exclude=[str(x) for x in f.get("exclude", [], list)],
        test_holdout=[str(x) for x in f.get("test_holdout", [], list)],
        size=f.pair("size", (28, 40), lo=8, hi=200, integer=True),
    )
    f.finish()

    effects_raw = r.get("effects", {}, dict)
    effects = [_effect(k, v, src) for k, v in effects_raw.items()]
    r.finish()
    return Spec(name=name, mode=mode, count=count, seed=seed, splits=splits, image_height=image_height,
                max_text_length=max_text_length, use_space_char=use_space_char, dictionary_base=list(base),
                text=mix, fonts=fonts, effects=effects, shard_size=shard_size, path=src)


def load_spec(path: str | Path, *, count: int | None = None, seed: int | None = None) -> Spec:
    """Read a spec file; `count`/`seed` override it (the CLI flags)."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise UserError(f"spec file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if isinstance(data, dict):
        if count is not None:
            data = {**data, "count": count}
        if seed is not None:
            data = {**data, "seed": seed}
    return parse_spec(data, str(path))
