"""Dataset specs (`datasets/specs/*.yaml`): the pydantic model `SpecModel` is the file's contract, checked
field by field before any image is made; `Spec` (dataclasses) is what synthesis reads.

A wrong field is a one-line UserError naming it (exit 2), so a typo never costs a half-written dataset.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

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
    weights: dict[str, float] = field(default_factory=dict)  # family substring -> sampling weight


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


def _pair(lo: float | None = None, hi: float | None = None, integer: bool = False) -> BeforeValidator:
    """`[min, max]`: two numbers, min <= max, inside [lo, hi]; whole numbers when `integer`."""
    def check(value: Any) -> tuple:
        if not (isinstance(value, (list, tuple)) and len(value) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            raise ValueError(f"expected [min, max], got {value!r}")
        if integer and not all(isinstance(v, int) for v in value):
            raise ValueError(f"expected whole numbers, got {value!r}")
        a, b = value
        if a > b or (lo is not None and a < lo) or (hi is not None and b > hi):
            raise ValueError(f"expected min <= max within [{lo}, {hi}], got {value!r}")
        return (a, b)
    return BeforeValidator(check)


def _number(lo: float | None = None, hi: float | None = None, integer: bool = False) -> AfterValidator:
    def check(value):
        if value is not None and (lo is not None and value < lo or hi is not None and value > hi):
            raise ValueError(f"must be in [{lo}, {hi}], got {value}" if hi is not None else f"must be >= {lo}, got {value}")
        return value
    return AfterValidator(check)


def _raw_number(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"expected a number, got {v!r}")
    return v


Int = Annotated[int, Strict()]
Num = Annotated[float, Strict()]  # strict float still takes ints (and never bools or strings)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SplitsModel(_Model):
    train: Annotated[Num, _number(0.0, 1.0)] = 0.0
    val: Annotated[Num, _number(0.0, 1.0)] = 0.0
    test: Annotated[Num, _number(0.0, 1.0)] = 0.0

    @model_validator(mode="after")
    def _sums_to_one(self):
        total = self.train + self.val + self.test
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"must sum to 1, got {total:.3f}")
        return self


class DictionaryModel(_Model):
    base: list[Literal[tuple(BASE_CHARSETS)]] = ["thai", "digits"]  # type: ignore[valid-type]


MixModel = create_model("MixModel", __base__=_Model,
                        **{k: (Annotated[Num, _number(0.0)], 0.0) for k in KINDS})


class TextModel(_Model):
    mix: MixModel = MixModel(thai_words=1.0)  # type: ignore[valid-type]
    words_per_line: Annotated[tuple[int, int], _pair(lo=1, integer=True)] = (1, 8)
    punctuation_prob: Annotated[Num, _number(0.0, 1.0)] = 0.1
    space_prob: Annotated[Num, _number(0.0, 1.0)] = 0.35
    thai_digit_prob: Annotated[Num, _number(0.0, 1.0)] = 0.3

    @field_validator("mix")
    @classmethod
    def _some_source(cls, mix):
        if sum(mix.model_dump().values()) <= 0:
            raise ValueError("needs at least one source with a positive weight")
        return mix


class FontsModel(_Model):
    system: bool = True  # every installed Thai-capable font (fontconfig)
    files: list[str] = []  # extra font files or folders; missing ones are errors
    optional: list[str] = []  # font files or folders used when present (make fonts)
    exclude: list[str] = []  # families never used
    test_holdout: list[str] = []  # families used only by the test split
    size: Annotated[tuple[int, int], _pair(lo=8, hi=200, integer=True)] = (28, 40)
    weights: dict[str, Annotated[Num, _number(0.0)]] = {}  # family name or substring -> sampling weight


def _effect_model(name: str, defaults: dict[str, Any]) -> type[BaseModel]:
    fields: dict[str, Any] = {"p": (Annotated[Num, _number(0.0, 1.0)], 1.0)}
    for key, default in defaults.items():
        if isinstance(default, tuple):
            fields[key] = (Annotated[tuple, _pair(lo=0, integer=isinstance(default[0], int))], default)
        elif isinstance(default, int) and not isinstance(default, bool):
            fields[key] = (Annotated[Int, _number(0)], default)
        else:  # a whole number stays one, as the spec wrote it (the spec is hashed into the manifest)
            fields[key] = (Annotated[Any, BeforeValidator(_raw_number), _number(0)], default)
    model = create_model(f"Effect_{name}", __base__=_Model, **fields)
    off = BeforeValidator(lambda v: {"p": 0.0} if v is False or v is None else v)  # `blur: false` turns it off
    return Annotated[model | None, off]


# One optional field per known effect (their parameters and ranges come from EFFECTS' defaults).
EffectsModel = create_model("EffectsModel", __base__=_Model,
                            **{name: (_effect_model(name, spec[2]), None) for name, spec in EFFECTS.items()})


class SpecModel(_Model):
    """The YAML shape of a dataset spec: every field, its type and range; unknown fields are refused."""

    name: str
    mode: Literal[MODES] = "line"  # type: ignore[valid-type]
    count: Annotated[Int, _number(1)]
    seed: Int = 0
    splits: SplitsModel = SplitsModel(train=0.70, val=0.15, test=0.15)
    image_height: Annotated[Int, _number(16, 256)] = 48
    max_text_length: Annotated[Int, _number(1, 1000)] = 40
    use_space_char: bool = True
    shard_size: Annotated[Int, _number(1, 100_000)] = 250
    dictionary: DictionaryModel = DictionaryModel()
    text: TextModel = TextModel()
    fonts: FontsModel = FontsModel()
    effects: EffectsModel = EffectsModel()  # type: ignore[valid-type]


def parse_spec(data: Any, src: str = "<spec>") -> Spec:
    from thaiocr.contracts import one_line

    if not isinstance(data, dict):
        raise UserError(f"{src}: field '<top>': expected a mapping")
    try:
        m = SpecModel.model_validate(data)
    except ValidationError as exc:
        raise one_line(exc, src, model=SpecModel) from None
    t = m.text
    mix = TextMix(weights={k: float(v) for k, v in t.mix.model_dump().items()},
                  words_per_line=tuple(t.words_per_line), punctuation_prob=t.punctuation_prob,
                  space_prob=t.space_prob, thai_digit_prob=t.thai_digit_prob)
    f = m.fonts
    fonts = FontSpec(system=f.system, files=list(f.files), optional=list(f.optional), exclude=list(f.exclude),
                     test_holdout=list(f.test_holdout), size=tuple(f.size),
                     weights={k: float(v) for k, v in f.weights.items()})
    effects = []
    for name in data.get("effects") or {}:  # in the spec's own order: effects apply in it
        e = getattr(m.effects, name)
        effects.append(EffectSpec(name, float(e.p), {k: v for k, v in e.model_dump().items() if k != "p"}))
    return Spec(name=m.name, mode=m.mode, count=m.count, seed=m.seed, splits=m.splits.model_dump(),
                image_height=m.image_height, max_text_length=m.max_text_length, use_space_char=m.use_space_char,
                dictionary_base=list(m.dictionary.base), text=mix, fonts=fonts, effects=effects,
                shard_size=m.shard_size, path=src)


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
