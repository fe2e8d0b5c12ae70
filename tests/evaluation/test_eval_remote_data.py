"""`make eval ENV=..` on a machine without the dataset: the model's exact split comes from the bucket."""
import json
import shutil

import pytest

from thaiocr.errors import UserError
from thaiocr.evaluation.remote_data import dataset_for_model

HASH = "feedfacecafebeef0011"


@pytest.fixture
def bucket(local_env, tmp_path):
    from thaiocr.aws.session import client
    from thaiocr.infra.outputs import local_outputs_file

    s3 = client("s3", "local")
    s3.create_bucket(Bucket="thai-ocr-local-data")
    path = local_outputs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"bucket": "thai-ocr-local-data", "bucket_arn": "arn:aws:s3:::thai-ocr-local-data",
                                "repository_url": "r", "role_arn": "a", "log_group": "g", "sns_topic_arn": "t"}))
    return s3


def _model_of(tiny_model, tmp_path, name="eval_sample", content_hash=HASH):
    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    (model / "manifest.json").write_text(json.dumps({"name": name, "content_hash": content_hash}))
    return model


def test_the_split_is_downloaded_once_from_the_bucket(tiny_model, sample_dataset, bucket, tmp_path):
    prefix = f"datasets/eval_sample/{HASH[:16]}/"
    for path in sample_dataset.rglob("*"):
        if path.is_file():
            bucket.upload_file(str(path), "thai-ocr-local-data", prefix + path.relative_to(sample_dataset).as_posix())
    model = _model_of(tiny_model, tmp_path)
    got = dataset_for_model(model, "local")
    assert len(list((got / "rec" / "images").iterdir())) == 6 and (got / "rec" / "meta_test.jsonl").is_file()
    bucket.delete_object(Bucket="thai-ocr-local-data", Key=prefix + "rec/rec_gt_test.txt")
    assert dataset_for_model(model, "local") == got  # complete once: not fetched again


def test_a_matching_local_copy_is_used_and_a_missing_one_is_one_line(tiny_model, sample_dataset, bucket, tmp_path):
    from thaiocr.paths import local_dir

    local = local_dir() / "datasets" / "eval_sample"
    shutil.copytree(sample_dataset, local)
    manifest = json.loads((local / "manifest.json").read_text())
    (local / "manifest.json").write_text(json.dumps({**manifest, "content_hash": HASH}))
    assert dataset_for_model(_model_of(tiny_model, tmp_path), "local") == local
    with pytest.raises(UserError, match="neither under"):
        dataset_for_model(_model_of(tiny_model, tmp_path / "other", name="gone"), "local")


def test_a_local_copy_under_another_folder_name_is_found_by_content_hash(tiny_model, sample_dataset, local_env,
                                                                        tmp_path):
    """`make eval` after `make demo`: the demo's dataset folder is not named after the dataset."""
    from thaiocr.dataset import layout
    from thaiocr.paths import local_dir

    demo = local_dir() / "datasets" / "eval_sample-demo-6"
    shutil.copytree(sample_dataset, demo)
    manifest = json.loads((demo / "manifest.json").read_text())
    model = _model_of(tiny_model, tmp_path, name=manifest["name"], content_hash=layout.content_hash(demo))
    manifest["content_hash"] = layout.content_hash(demo)
    (demo / "manifest.json").write_text(json.dumps(manifest))
    assert dataset_for_model(model, "local") == demo
