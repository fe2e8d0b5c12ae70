"""Resume picks the newest complete checkpoint; the exported inference.yml is one paddleocr loads."""
import pickle

import yaml

from thaiocr.train import checkpoints, export


def _save(d, prefix, epoch, complete=True):
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{prefix}.pdparams").write_bytes(b"w")
    (d / f"{prefix}.pdopt").write_bytes(b"o")
    if complete:
        (d / f"{prefix}.states").write_bytes(pickle.dumps({"epoch": epoch}))


def test_latest_complete_checkpoint(tmp_path):
    assert checkpoints.latest_checkpoint(tmp_path / "none") is None
    _save(tmp_path, "iter_epoch_2", 2)
    _save(tmp_path, "latest", 3)
    _save(tmp_path, "iter_epoch_4", 4, complete=False)  # killed while saving
    _save(tmp_path, "best_accuracy", 9)  # not a resume point
    assert checkpoints.latest_checkpoint(tmp_path) == tmp_path / "latest"
    assert checkpoints.finished_epoch(tmp_path / "latest") == 3
    assert checkpoints.best_or_latest(tmp_path) == tmp_path / "best_accuracy"


def test_inference_yml_fixed_for_paddleocr(tmp_path):
    (tmp_path / "inference.yml").write_text(yaml.safe_dump({
        "Global": {"model_name": None},
        "PreProcess": {"transform_ops": [{"DecodeImage": {"img_mode": "BGR", "channel_first": False}},
                                         {"CTCLabelEncode": None},
                                         {"SVTRRecResizeImg": {"image_shape": [3, 48, 640]}},
                                         {"KeepKeys": {"keep_keys": ["image", "label", "length"]}}]},
        "PostProcess": {"name": "CTCLabelDecode", "character_dict": ["ก", "ข"]},
    }, allow_unicode=True))
    rendered = {"Global": {"model_name": "PP-OCRv5_mobile_rec", "use_space_char": True},
                "Eval": {"dataset": {"transforms": [{"SVTRRecResizeImg": {"image_shape": [3, 48, 640]}}]}},
                "Train": {"dataset": {"transforms": []}}}
    data = export.fix_inference_yml(tmp_path, rendered)
    ops = [next(iter(op)) for op in data["PreProcess"]["transform_ops"]]
    # what paddleocr's TextRecPredictor registers: anything else fails its assert
    assert set(ops) <= {"DecodeImage", "RecResizeImg", "MultiLabelEncode", "KeepKeys"}
    assert data["PreProcess"]["transform_ops"][1]["RecResizeImg"]["image_shape"] == [3, 48, 640]
    assert data["Global"]["model_name"] == "PP-OCRv5_mobile_rec"
    assert yaml.safe_load((tmp_path / "inference.yml").read_text())["PostProcess"]["character_dict"] == ["ก", "ข"]


def test_a_model_trained_at_line_width_is_not_padded_to_the_eval_width(tmp_path):
    """ds_width batches are as wide as their lines: a short line trained one height wide must not be
    padded to 640 at inference (PaddleOCR's predictors pad to at least inference.yml's W)."""
    def fixed(train_dataset):
        (tmp_path / "inference.yml").write_text(yaml.safe_dump(
            {"PostProcess": {"name": "CTCLabelDecode", "character_dict": ["ก"]}}))
        rendered = {"Global": {}, "Train": {"dataset": train_dataset},
                    "Eval": {"dataset": {"transforms": [{"RecResizeImg": {"image_shape": [3, 32, 640]}}]}}}
        return export.fix_inference_yml(tmp_path, rendered)["PreProcess"]["transform_ops"][1]["RecResizeImg"]["image_shape"]

    assert fixed({"name": "MultiScaleDataSet", "ds_width": True, "transforms": []}) == [3, 32, 32]
    assert fixed({"name": "MultiScaleDataSet", "ds_width": False, "transforms": []}) == [3, 32, 640]
    assert fixed({"name": "SimpleDataSet", "transforms": []}) == [3, 32, 640]


def test_export_config_without_validation(tmp_path):
    rendered = {"Global": {"d2s_train_image_shape": [3, 32, 256], "use_amp": True}, "Eval": None,
                "Train": {"dataset": {"transforms": []}}}
    cfg = export.export_config(rendered, tmp_path / "latest", tmp_path / "inference")
    assert cfg["Global"]["pretrained_model"] == str(tmp_path / "latest") and cfg["Global"]["checkpoints"] is None
    assert cfg["Global"]["use_amp"] is False
    assert cfg["Eval"]["dataset"]["transforms"][1]["RecResizeImg"]["image_shape"] == [3, 32, 256]
    assert rendered["Eval"] is None  # the rendered config saved with the model is untouched
