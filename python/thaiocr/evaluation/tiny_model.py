"""A random-weight recogniser with the exported PP-OCR signature, so loading, batching, decoding, the
CLI and the server can be exercised (tests, `bench infer` before a model ships) without a PaddleOCR
tree or a trained model.

It writes what `tools/export_model.py` writes: `inference/inference.{json|pdmodel,pdiparams,yml}`,
input `x` [N, 3, 48, W], output [N, W/4, len(dict) + 2] softmax (blank first, space last).
"""
from __future__ import annotations

import json
from pathlib import Path

DEFAULT_CHARS = list("กขคงจฉชซดตถทนบปผพฟมยรลวสหอะาำิีึืุู่้๊๋เแโใไ็์0123456789")


def build_tiny_model(out_dir: Path, chars: list[str] | None = None, *, seed: int = 0,
                     channels: int = 16, model_name: str = "PP-OCRv5_mobile_rec") -> Path:
    """Write a model dir (inference/, th_dict.txt, config.yml, metrics.json) and return it."""
    import paddle
    import yaml

    chars = list(chars or DEFAULT_CHARS)
    out_dir = Path(out_dir)
    (out_dir / "inference").mkdir(parents=True, exist_ok=True)
    num_classes = len(chars) + 2  # blank + dict + space
    paddle.seed(seed)

    class Tiny(paddle.nn.Layer):
        def __init__(self):
            super().__init__()
            self.conv1 = paddle.nn.Conv2D(3, channels, 3, stride=2, padding=1)
            self.conv2 = paddle.nn.Conv2D(channels, channels, 3, stride=2, padding=1)
            self.fc = paddle.nn.Linear(channels, num_classes)

        def forward(self, x):
            x = paddle.nn.functional.relu(self.conv1(x))
            x = paddle.nn.functional.relu(self.conv2(x))  # [N, C, 12, W/4]
            x = paddle.mean(x, axis=2)                     # [N, C, W/4]
            x = paddle.transpose(x, [0, 2, 1])             # [N, T, C]
            return paddle.nn.functional.softmax(self.fc(x), axis=2)

    model = Tiny()
    model.eval()
    spec = [paddle.static.InputSpec(shape=[None, 3, 48, -1], dtype="float32", name="x")]
    paddle.jit.save(paddle.jit.to_static(model, input_spec=spec, full_graph=True),
                    str(out_dir / "inference" / "inference"))
    infer_cfg = {
        "Global": {"model_name": model_name},
        "PreProcess": {"transform_ops": [
            {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
            {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
            {"RecResizeImg": {"image_shape": [3, 48, 320]}},
            {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]}},
        ]},
        "PostProcess": {"name": "CTCLabelDecode", "character_dict": chars},
    }
    (out_dir / "inference" / "inference.yml").write_text(
        yaml.safe_dump(infer_cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out_dir / "th_dict.txt").write_text("".join(f"{c}\n" for c in chars), encoding="utf-8")
    (out_dir / "config.yml").write_text(yaml.safe_dump(
        {"Global": {"use_space_char": True, "character_dict_path": "th_dict.txt", "max_text_length": 40},
         "Architecture": {"model_type": "rec", "algorithm": "SVTR_LCNet"}}, allow_unicode=True), encoding="utf-8")
    (out_dir / "metrics.json").write_text(json.dumps({"note": "random weights"}), encoding="utf-8")
    return out_dir
