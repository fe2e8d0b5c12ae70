"""Export the trained weights with PaddleOCR's tools/export_model.py, in the format `paddleocr` loads.

export_model copies the Eval transforms into inference.yml's PreProcess, and the `paddleocr`
package's TextRecognition accepts only DecodeImage, RecResizeImg, MultiLabelEncode and KeepKeys there
(CTCLabelEncode or SVTRRecResizeImg make it fail an assert), and only CTCLabelDecode as PostProcess.
So after exporting we rewrite PreProcess to the ops it knows, with the image shape the model was
trained on (for models trained at line width, a base width of one height: `inference_shape`).
"""
from __future__ import annotations

import copy
from pathlib import Path

from thaiocr.errors import UserError

INFERENCE_YML = "inference.yml"
ACCEPTED_POSTPROCESS = "CTCLabelDecode"


def export_config(rendered: dict, weights: Path, inference_dir: Path) -> dict:
    """The rendered config pointed at the weights to export (no resume, no optimizer state)."""
    cfg = copy.deepcopy(rendered)
    g = cfg["Global"]
    g["pretrained_model"] = str(weights)
    g["checkpoints"] = None
    g["save_inference_dir"] = str(inference_dir)
    g["use_amp"] = False
    g["distributed"] = False
    if not cfg.get("Eval"):  # trained without validation: export_model still reads Eval's transforms
        cfg["Eval"] = {"dataset": {"transforms": [
            {"DecodeImage": {"img_mode": "BGR", "channel_first": False}},
            {"RecResizeImg": {"image_shape": image_shape(rendered)}},
            {"KeepKeys": {"keep_keys": ["image"]}},
        ]}}
    return cfg


def image_shape(cfg: dict) -> list[int]:
    """[C, H, W] the model was evaluated at; the exported model resizes to this height."""
    for t in ((cfg.get("Eval") or {}).get("dataset", {}).get("transforms") or []):
        for name, args in (t or {}).items():
            if name.endswith("ResizeImg") and isinstance(args, dict) and "image_shape" in args:
                return [int(x) for x in args["image_shape"]]
    shape = cfg["Global"].get("d2s_train_image_shape")
    if shape:
        return [int(x) for x in shape]
    for t in (cfg["Train"]["dataset"].get("transforms") or []):
        for name, args in (t or {}).items():
            if name.endswith("ResizeImg") and isinstance(args, dict) and "image_shape" in args:
                return [int(x) for x in args["image_shape"]]
    raise UserError("cannot tell the model's input shape: no *ResizeImg transform and no Global.d2s_train_image_shape")


def trains_at_line_width(cfg: dict) -> bool:
    """True when training batches are as wide as their lines (MultiScaleDataSet with ds_width), not
    padded to one fixed width."""
    ds = (cfg.get("Train") or {}).get("dataset") or {}
    return ds.get("name") == "MultiScaleDataSet" and bool(ds.get("ds_width"))


def inference_shape(cfg: dict) -> list[int]:
    """[C, H, W] for inference.yml's RecResizeImg. PaddleOCR's predictors (and ours) pad every batch to
    at least W. A model trained on fixed-width batches saw every line padded to W, so W stays. A model
    trained at line width saw a short line one height wide, never padded to 640: padding it at
    inference costs such lines most of their characters (a 2-word heading read at 80% CER). Its W is
    the height, the narrowest input it trained on."""
    c, h, w = image_shape(cfg)
    return [c, h, h] if trains_at_line_width(cfg) else [c, h, w]


def fix_inference_yml(inference_dir: Path, rendered: dict) -> dict:
    import yaml

    path = inference_dir / INFERENCE_YML
    if not path.is_file():
        raise UserError(f"export wrote no {INFERENCE_YML} in {inference_dir}")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    post = data.get("PostProcess") or {}
    if post.get("name") != ACCEPTED_POSTPROCESS:
        raise UserError(f"exported PostProcess is {post.get('name')!r}; the paddleocr package loads only {ACCEPTED_POSTPROCESS}")
    data.setdefault("Global", {})
    data["Global"]["model_name"] = rendered["Global"].get("model_name") or "PP-OCRv5_mobile_rec"
    data["PreProcess"] = {"transform_ops": [
        {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
        {"RecResizeImg": {"image_shape": inference_shape(rendered)}},
        {"KeepKeys": {"keep_keys": ["image"]}},
    ]}
    post.setdefault("use_space_char", bool(rendered["Global"].get("use_space_char", True)))
    data["PostProcess"] = post
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data
