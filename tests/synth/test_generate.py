import json
import shutil
import unicodedata

import pytest
from tests.conftest import needs_fonts

from thaiocr.data import layout
from thaiocr.data.validate import validate_dataset
from thaiocr.errors import UserError
from thaiocr.synth import generate
from thaiocr.synth.spec import load_spec
from thaiocr.text.dictionary import read_dictionary

pytestmark = [needs_fonts, pytest.mark.slow]


def _tree(path):
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_layout_and_manifest(tiny_dataset):
    m = layout.read_manifest(tiny_dataset)
    assert m["counts"] == {"train": 42, "val": 9, "test": 9}
    assert m["content_hash"] == layout.content_hash(tiny_dataset)
    assert not (tiny_dataset / layout.WORK_DIR).exists()
    for split, n in m["counts"].items():
        lines = (tiny_dataset / layout.label_file(split)).read_text(encoding="utf-8").splitlines()
        assert len(lines) == n
        assert all(line.startswith("images/") and line.count("\t") == 1 for line in lines)
        assert (tiny_dataset / "rec" / lines[0].split("\t")[0]).is_file()
    assert m["max_label_length"] <= m["max_text_length"] == 40
    assert sum(m["char_histogram"].values()) == sum(
        len(t) for s in layout.SPLITS for _, _, t in layout.iter_labels(tiny_dataset / layout.label_file(s)))


def test_output_validates_clean(tiny_dataset):
    report = validate_dataset(tiny_dataset)
    assert report.ok, [str(f) for f in report.findings[:5]]
    assert report.lines == 60


def test_labels_normalised_and_dictionary_covers_them(tiny_dataset):
    chars = set(read_dictionary(tiny_dataset / layout.DICT_FILE))
    assert " " not in chars
    for split in layout.SPLITS:
        for _, _, text in layout.iter_labels(tiny_dataset / layout.label_file(split)):
            assert unicodedata.normalize("NFC", text) == text
            assert "\u0e4d\u0e32" not in text
            assert set(text) - {" "} <= chars


def test_test_split_uses_held_out_fonts_only(tiny_dataset):
    m = layout.read_manifest(tiny_dataset)
    test_fonts, seen_fonts = set(m["fonts"]["test"]), set(m["fonts"]["train"]) | set(m["fonts"]["val"])
    assert test_fonts and not test_fonts & seen_fonts
    for split in layout.SPLITS:
        for line in (tiny_dataset / layout.meta_file(split)).read_text(encoding="utf-8").splitlines():
            font = json.loads(line)["font"]
            assert (font in test_fonts) == (split == "test")


def test_every_label_is_covered_by_its_font(tiny_dataset):
    from thaiocr.synth.fonts import discover

    spec = layout.read_manifest(tiny_dataset)["spec"]["fonts"]
    by_name = {f.name: f for f in discover(True, spec["files"], [], spec["optional"])}
    for split in layout.SPLITS:
        metas = [json.loads(x) for x in (tiny_dataset / layout.meta_file(split)).read_text("utf-8").splitlines()]
        labels = list(layout.iter_labels(tiny_dataset / layout.label_file(split)))
        for meta, (_, image, text) in zip(metas, labels):
            assert meta["image"] == image
            assert by_name[meta["font"]].covers(text), (meta["font"], text)


def test_deterministic_whatever_the_worker_count(tiny_spec_path, tiny_dataset, tmp_path):
    generate.synthesize(load_spec(tiny_spec_path), tmp_path / "two", workers=2, progress=False)
    assert _tree(tmp_path / "two") == _tree(tiny_dataset)


def test_interrupted_run_resumes_without_redoing_shards(tiny_spec_path, tiny_dataset, tmp_path, monkeypatch):
    spec = load_spec(tiny_spec_path)
    out = tmp_path / "ds"
    real, calls = generate._run_shard, []

    def crash_after_three(out_dir, shard):
        if len(calls) == 3:
            raise KeyboardInterrupt
        calls.append(shard)
        return real(out_dir, shard)

    monkeypatch.setattr(generate, "_run_shard", crash_after_three)
    with pytest.raises(KeyboardInterrupt):
        generate.synthesize(spec, out, workers=1, progress=False)
    assert not (out / layout.MANIFEST).exists()  # a partial dataset never looks complete
    with pytest.raises(UserError, match="not a complete dataset"):
        layout.read_manifest(out)

    redone = []
    monkeypatch.setattr(generate, "_run_shard", lambda o, s: redone.append(s) or real(o, s))
    generate.synthesize(spec, out, workers=1, progress=False)
    assert len(redone) == len(generate.plan_shards(spec)) - 3
    assert not {s.record for s in redone} & {s.record for s in calls}
    assert _tree(out) == _tree(tiny_dataset)


def test_rerun_is_a_no_op_and_other_specs_are_refused(tiny_spec_path, tiny_dataset, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(tiny_dataset, out)
    before = _tree(out)
    generate.synthesize(load_spec(tiny_spec_path), out, workers=1, progress=False)
    assert _tree(out) == before
    with pytest.raises(UserError, match="different dataset"):
        generate.synthesize(load_spec(tiny_spec_path, seed=99), out, workers=1, progress=False)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="not a dataset run"):
        generate.synthesize(load_spec(tiny_spec_path), tmp_path / "other", workers=1, progress=False)
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"  # nothing lost


def test_no_font_covers_text_is_a_clear_error(tiny_spec_path, tmp_path):
    spec = load_spec(tiny_spec_path)
    spec.fonts.exclude = ["*"]
    with pytest.raises(UserError, match="no usable Thai font"):
        generate.synthesize(spec, tmp_path / "x", workers=1, progress=False)


def test_char_mode_dataset(tmp_path):
    from pathlib import Path

    spec = load_spec(Path(__file__).resolve().parents[2] / "datasets/specs/th_chars.yaml", count=40)
    spec.shard_size = 20
    m = generate.synthesize(spec, tmp_path / "chars", workers=1, progress=False)
    assert m["max_label_length"] == 1
    assert validate_dataset(tmp_path / "chars").ok
