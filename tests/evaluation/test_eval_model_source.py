import os
import tarfile

import pytest

from thaiocr.errors import UserError
from thaiocr.evaluation import model_source


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("THAIOCR_ROOT", str(tmp_path / "repo"))
    monkeypatch.setenv("THAIOCR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SM_MODEL_DIR", str(tmp_path / "no-sagemaker"))
    monkeypatch.delenv("THAIOCR_MODEL", raising=False)
    (tmp_path / "repo").mkdir()
    return tmp_path


def _tar(model_dir, path):
    with tarfile.open(path, "w:gz") as tar:
        for item in model_dir.iterdir():
            tar.add(item, arcname=item.name)
    return path


def test_a_model_dir_is_used_in_place(tiny_model, isolated):
    assert model_source.resolve_model(str(tiny_model)) == tiny_model


def test_a_model_tarball_is_unpacked_once(tiny_model, isolated):
    archive = _tar(tiny_model, isolated / "model.tar.gz")
    first = model_source.resolve_model(str(archive))
    assert (first / "inference" / "inference.pdiparams").is_file()
    assert model_source.resolve_model(str(archive)) == first


def test_missing_and_foreign_paths_are_one_line_errors(isolated):
    with pytest.raises(UserError, match="model not found"):
        model_source.resolve_model(str(isolated / "nope"))
    with pytest.raises(UserError, match="no exported model"):
        model_source.resolve_model(str(isolated))


def test_no_model_and_nothing_shipped_says_what_to_do(isolated):
    with pytest.raises(UserError, match="no shipped model under models/"):
        model_source.resolve_model(None)


def test_the_highest_shipped_version_is_the_default(tiny_model, isolated):
    """Version order, not file times: a fresh clone gives every file the same checkout time."""
    import shutil

    models = isolated / "repo" / "models"
    for name, mtime in (("th_lines_cpu_v10", 1_000_000), ("th_lines_cpu_v9", 2_000_000)):
        shutil.copytree(tiny_model, models / name)
        card = models / name / "MODEL_CARD.md"
        card.write_text("# card\n")
        os.utime(card, (mtime, mtime))
    shutil.copytree(tiny_model, models / "zz-no-card")
    assert model_source.resolve_model(None) == models / "th_lines_cpu_v10"


def test_thaiocr_model_env_wins(tiny_model, isolated, monkeypatch):
    monkeypatch.setenv("THAIOCR_MODEL", str(tiny_model))
    assert model_source.resolve_model(None) == tiny_model


def test_a_model_on_s3_is_downloaded(tiny_model, tmp_path, local_env, monkeypatch):
    from thaiocr.aws.session import client

    monkeypatch.setenv("THAIOCR_CACHE_DIR", str(tmp_path / "cache"))

    s3 = client("s3", "local")
    s3.create_bucket(Bucket="models")
    s3.upload_file(str(_tar(tiny_model, tmp_path / "m.tar.gz")), "models", "job/output/model.tar.gz")
    got = model_source.resolve_model("s3://models/job/output/model.tar.gz", env="local")
    assert model_source.inference_dir(got) is not None
    with pytest.raises(UserError, match="cannot read s3://models/missing.tar.gz"):
        model_source.resolve_model("s3://models/missing.tar.gz", env="local")
