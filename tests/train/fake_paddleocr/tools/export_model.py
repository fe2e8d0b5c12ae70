"""Stand-in for PaddleOCR's tools/export_model.py: writes what the real one writes, including the
PreProcess the `paddleocr` package rejects (CTCLabelEncode), so the entrypoint's fix-up is exercised."""
import os
import sys

import yaml

cfg = yaml.safe_load(open(sys.argv[sys.argv.index("-c") + 1], encoding="utf-8"))
out = cfg["Global"]["save_inference_dir"]
os.makedirs(out, exist_ok=True)
if os.environ.get("FAKE_EXPORT_MODE") == "fail":
    print("RuntimeError: export failed on purpose", flush=True)
    sys.exit(3)
chars = [l.rstrip("\n") for l in open(cfg["Global"]["character_dict_path"], encoding="utf-8")]
infer = {
    "Global": {"model_name": cfg["Global"].get("model_name")},
    "PreProcess": {"transform_ops": cfg["Eval"]["dataset"]["transforms"] if cfg.get("Eval") else []},
    "PostProcess": {"name": "CTCLabelDecode", "character_dict": chars},
}
yaml.safe_dump(infer, open(os.path.join(out, "inference.yml"), "w", encoding="utf-8"), allow_unicode=True)
for name in ("inference.json", "inference.pdiparams"):
    open(os.path.join(out, name), "wb").write(b"model")
print(f"exported from {cfg['Global']['pretrained_model']}", flush=True)
