"""A stand-in for `python -m thaiocr.train` in the lifecycle tests (THAIOCR_TRAIN_COMMAND): honours the
/opt/ml contract in well under a second and leaves a model dir the registry can read. FAKE_CER (JSON,
e.g. {"*": 0.1}) is the CER the stand-in scorer will report for this model; the channels and
hyperparameters it saw go to channels.json so tests can check what an incremental job received."""
import json
import os
import shutil
from pathlib import Path

base = Path(os.environ["SAGEMAKER_BASE_DIR"])
hyper = json.loads((base / "input/config/hyperparameters.json").read_text())
data = base / "input/data"
channels = sorted(p.name for p in data.iterdir()) if data.is_dir() else []
print(f"lifecycle trainer: channels={channels} hyper={sorted(hyper)}", flush=True)
for epoch in (1, 2):
    print(f"[metrics] epoch={epoch} train_loss={1.0 / epoch:.4g}", flush=True)
(base / "checkpoints").mkdir(parents=True, exist_ok=True)
(base / "checkpoints/latest.pdparams").write_bytes(b"weights of " + os.environ.get("TRAINING_JOB_NAME", "?").encode())
model = base / "model"
(model / "inference").mkdir(parents=True, exist_ok=True)
(model / "inference/inference.json").write_text("{}")
(model / "inference/inference.pdiparams").write_bytes(b"params")
shutil.copyfile(data / "training/manifest.json", model / "manifest.json")
shutil.copyfile(data / "training/th_dict.txt", model / "th_dict.txt")
cer = json.loads(os.environ.get("FAKE_CER", '{"*": 0.1}'))
(model / "fake_cer.json").write_text(json.dumps(cer))
(model / "channels.json").write_text(json.dumps({"channels": channels, "hyperparameters": hyper}))
(model / "metrics.json").write_text(json.dumps({"split": "test", "lines": 3, "cer": cer.get("*", 0.1),
                                                "line_accuracy": 0.5}))
print(f"[metrics] test_cer={cer.get('*', 0.1)}", flush=True)
