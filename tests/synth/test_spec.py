from pathlib import Path

import pytest
import yaml

from thaiocr.errors import UserError
from thaiocr.synth.spec import load_spec, parse_spec

REPO = Path(__file__).resolve().parents[2]
SPECS = sorted((REPO / "datasets" / "specs").glob("*.yaml"))


def base() -> dict:
    return yaml.safe_load((REPO / "datasets/specs/th_lines_dev.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_shipped_specs_parse(path):
    spec = load_spec(path)
    assert sum(spec.split_counts().values()) == spec.count


def test_required_specs_ship():
    assert {"th_lines_dev.yaml", "th_lines.yaml", "th_chars.yaml"} <= {p.name for p in SPECS}
    assert load_spec(REPO / "datasets/specs/th_lines.yaml").count >= 100_000


@pytest.mark.parametrize("change,field", [
    ({"count": -5}, "count"),
    ({"count": "many"}, "count"),
    ({"mode": "paragraph"}, "mode"),
    ({"effects": {"sparkle": {"p": 0.5}}}, "effects.sparkle"),
    ({"effects": {"blur": {"p": 1.5}}}, "effects.blur.p"),
    ({"effects": {"blur": {"sigma": [2, 1]}}}, "effects.blur.sigma"),
    ({"effects": {"blur": {"radius": 2}}}, "effects.blur.radius"),
    ({"splits": {"train": 0.9, "val": 0.3, "test": 0.0}}, "splits"),
    ({"colour": "red"}, "colour"),
    ({"text": {"mix": {"klingon": 1.0}}}, "text.mix.klingon"),
    ({"dictionary": {"base": ["emoji"]}}, "dictionary.base"),
    ({"max_text_length": 0}, "max_text_length"),
])
def test_bad_fields_are_named(change, field):
    data = base()
    data.update(change)
    with pytest.raises(UserError) as err:
        parse_spec(data, "x.yaml")
    assert f"'{field}'" in str(err.value) and "\n" not in str(err.value)


def test_flags_override_spec(tmp_path):
    spec = load_spec(REPO / "datasets/specs/th_lines_dev.yaml", count=12, seed=7)
    assert (spec.count, spec.seed) == (12, 7)
    with pytest.raises(UserError, match="count"):
        load_spec(REPO / "datasets/specs/th_lines_dev.yaml", count=-1)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(UserError, match="not found"):
        load_spec(tmp_path / "nope.yaml")
    (tmp_path / "bad.yaml").write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(UserError, match="not valid YAML"):
        load_spec(tmp_path / "bad.yaml")


def test_font_weights_are_optional_and_checked():
    assert parse_spec(base(), "x.yaml").fonts.weights == {}
    data = base()
    data["fonts"] = {**data["fonts"], "weights": {"Sarabun": 3, "Noto": 0.5}}
    assert parse_spec(data, "x.yaml").fonts.weights == {"Sarabun": 3.0, "Noto": 0.5}
    data["fonts"]["weights"] = {"Sarabun": -1}
    with pytest.raises(UserError, match="'fonts.weights.Sarabun'"):
        parse_spec(data, "x.yaml")


def test_effect_order_and_whole_numbers_are_kept():
    """The spec is hashed into the manifest: parsing must not reorder effects or turn 15 into 15.0."""
    data = base()
    data["effects"] = {"rotation": {"p": 0.5, "degrees": 15}, "blur": False}
    spec = parse_spec(data, "x.yaml")
    assert [e.name for e in spec.effects] == ["rotation", "blur"]
    assert spec.effects[0].params == {"degrees": 15} and spec.effects[1].p == 0.0
