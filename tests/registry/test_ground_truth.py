"""SageMaker Ground Truth output manifests through `thaiocr data import` (images beside the manifest or
in S3; the transcription in any of the shapes labelling templates produce)."""
import json

import pytest
from PIL import Image

from thaiocr.cli import main
from thaiocr.data import ground_truth
from thaiocr.errors import UserError


def _png(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (64, 24), 255).save(path)
    return path


def _line(ref, value, attribute="thai-lines"):
    return json.dumps({"source-ref": ref, attribute: value,
                       f"{attribute}-metadata": {"job-name": "labeling-job/thai-lines", "human-annotated": "yes"}},
                      ensure_ascii=False)


def test_shapes_of_the_transcription():
    assert ground_truth._text("สวัสดี") == "สวัสดี"
    assert ground_truth._text({"transcription": "ครับ"}) == "ครับ"
    assert ground_truth._text('{"text": "น้ำ"}') == "น้ำ"
    custom = {"annotationsFromAllWorkers": [{"annotationData": {"content": json.dumps({"transcription": "ปี่"})}}]}
    assert ground_truth._text(custom) == "ปี่"


def test_import_reads_a_manifest_with_images_beside_it(tmp_path, capsys):
    src = tmp_path / "gt"
    _png(src / "pages/a.png")
    _png(src / "b.png")
    lines = [_line("s3://labels-bucket/input/pages/a.png", {"transcription": "สวัสดี"}),
             _line("s3://labels-bucket/input/b.png", "ครับ"),
             json.dumps({"source-ref": "s3://labels-bucket/input/c.png", "thai-lines": None,
                         "thai-lines-metadata": {"failure-reason": "ClientError: no worker answered"}})]
    (src / "output.manifest").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "ds"
    assert main(["data", "import", str(src), "--out", str(out), "--name", "gt_lines"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert sum(manifest["counts"].values()) == 2
    labels = "".join((out / f"rec/rec_gt_{s}.txt").read_text() for s in ("train", "val", "test"))
    assert "สวัสดี" in labels and "ครับ" in labels


def test_images_missing_locally_come_from_s3(tmp_path, monkeypatch, local_stack):  # noqa: F811
    from thaiocr.aws.session import client

    monkeypatch.setenv("THAIOCR_CACHE_DIR", str(tmp_path / "cache"))
    s3 = client("s3", "local")
    s3.create_bucket(Bucket="labels-bucket")
    image = _png(tmp_path / "x.png")
    s3.upload_file(str(image), "labels-bucket", "input/x.png")
    manifest = tmp_path / "gt" / "out.jsonl"
    manifest.parent.mkdir()
    manifest.write_text(_line("s3://labels-bucket/input/x.png", "ไทย") + "\n", encoding="utf-8")
    ((path, text, where),) = ground_truth.read_pairs(manifest, env="local")
    assert text == "ไทย" and path.is_file() and where == "out.jsonl:1"


def test_bad_manifests_are_one_line_errors(tmp_path):
    bad = tmp_path / "a.manifest"
    bad.write_text('{"image": "x.png"}\n')
    with pytest.raises(UserError, match="no source-ref"):
        ground_truth.read_pairs(bad)
    bad.write_text(json.dumps({"source-ref": "x.png", "a": "1", "b": "2"}) + "\n")
    with pytest.raises(UserError, match="one label attribute"):
        ground_truth.read_pairs(bad)
