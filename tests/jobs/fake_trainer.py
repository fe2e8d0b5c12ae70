"""A stand-in for `python -m thaiocr.train` (THAIOCR_TRAIN_COMMAND): honours the same /opt/ml contract
in well under a second. FAKE_TRAINER=ok|fail|sleep picks the ending."""
import json
import os
import sys
import time
from pathlib import Path

base = Path(os.environ["SAGEMAKER_BASE_DIR"])
mode = os.environ.get("FAKE_TRAINER", "ok")
hyper = json.loads((base / "input/config/hyperparameters.json").read_text())
assert all(isinstance(v, str) for v in hyper.values()), hyper
labels = base / "input/data/training/rec/rec_gt_train.txt"
print(f"fake trainer: config={hyper['config']} labels={labels.exists()} job={os.environ.get('TRAINING_JOB_NAME')}")
print(f"argv={sys.argv[1:]}")
for epoch in (1, 2):
    print(f"[metrics] epoch={epoch} train_loss={1.0 / epoch:.4g} train_acc={0.4 * epoch:.4g}", flush=True)
if mode == "sleep":
    print("sleeping until stopped", flush=True)
    time.sleep(60)
if mode == "fail":
    (base / "output").mkdir(parents=True, exist_ok=True)
    (base / "output/failure").write_text("ValueError: the dictionary lacks 3 characters of the labels")
    print("Traceback: boom", flush=True)
    sys.exit(1)
(base / "checkpoints/latest.pdparams").write_bytes(b"ckpt")
(base / "model/inference").mkdir(parents=True, exist_ok=True)
(base / "model/inference/inference.json").write_text("{}")
(base / "model/metrics.json").write_text(json.dumps({"test_cer": 0.05, "test_line_acc": 0.8}))
print("[metrics] test_cer=0.05 test_line_acc=0.8", flush=True)
