"""The manifest model: what every writer validates and every reader gets."""
import json

import pytest

from thaiocr.dataset import layout
from thaiocr.dataset.manifest import Manifest, load_manifest, write_manifest
from thaiocr.errors import UserError


def test_round_trip_keeps_new_optional_fields_and_unknown_ones(tmp_path):
    m = Manifest(name="docs", max_text_length=40, framing="ink-tight", sources="rec/sources.jsonl",
                 refusals={"too_long": 3}, skipped=2)
    write_manifest(tmp_path, m)
    back = load_manifest(tmp_path)
    assert (back.framing, back.sources, back.refusals) == ("ink-tight", "rec/sources.jsonl", {"too_long": 3})
    assert back.to_dict()["skipped"] == 2 and back.label_file("test") == layout.label_file("test")
    assert "image_height" not in json.loads((tmp_path / layout.MANIFEST).read_text())  # None left out


@pytest.mark.parametrize("change, field", [
    ({"max_text_length": "long"}, "max_text_length"),
    ({"counts": {"train": "many"}}, "counts.train"),
    ({"refusals": []}, "refusals"),
    ({"name": ""}, "name"),
])
def test_a_bad_field_is_one_line_naming_it(tmp_path, change, field):
    (tmp_path / layout.MANIFEST).write_text(json.dumps({"name": "x", "max_text_length": 40, **change}))
    with pytest.raises(UserError) as exc:
        load_manifest(tmp_path)
    assert f"field '{field}'" in str(exc.value) and "\n" not in str(exc.value)


def test_missing_manifest_is_an_incomplete_dataset(tmp_path):
    with pytest.raises(UserError, match="not a complete dataset"):
        load_manifest(tmp_path)


def test_writers_use_the_model(tiny_dataset):
    m = load_manifest(tiny_dataset)
    assert m.content_hash == layout.content_hash(tiny_dataset) and sum(m.counts.values()) == 60
