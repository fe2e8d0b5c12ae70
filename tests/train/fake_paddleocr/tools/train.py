"""Stand-in for PaddleOCR's tools/train.py in the entrypoint's contract tests.

Behaviour from FAKE_TRAIN_MODE: ok (log like PaddleOCR, save `latest`), fail (traceback, exit 1),
hang (log, then wait for a signal: on SIGTERM record it and exit 143), empty (exit 0 without saving).
It records its argv and the config it was given in FAKE_TRAIN_RECORD (a JSON file) when set.
"""
import json
import os
import pickle
import signal
import sys
import time

import yaml

cfg_path = sys.argv[sys.argv.index("-c") + 1]
cfg = yaml.safe_load(open(cfg_path, encoding="utf-8"))
g = cfg["Global"]
mode = os.environ.get("FAKE_TRAIN_MODE", "ok")
record = os.environ.get("FAKE_TRAIN_RECORD")
if record:
    runs = json.load(open(record)) if os.path.exists(record) else []
    runs.append({"argv": sys.argv, "config": cfg, "cwd": os.getcwd()})
    json.dump(runs, open(record, "w"))

print("[2026/01/01 00:00:00] ppocr INFO: train with paddle 0.0.0 and device Place(cpu)", flush=True)
start = 1
if g.get("checkpoints"):
    states = pickle.load(open(g["checkpoints"] + ".states", "rb"))
    start = states["epoch"] + 1
    print(f"[2026/01/01 00:00:00] ppocr INFO: resume from {g['checkpoints']}", flush=True)

if g.get("pretrained_model"):
    print("[2026/01/01 00:00:00] ppocr WARNING: The shape of model params head.fc.weight [120, 60] not matched "
          "with loaded params head.fc.weight [120, 90] !", flush=True)

if mode == "fail":
    print("Traceback (most recent call last):", flush=True)
    print('  File "tools/train.py", line 1, in <module>', flush=True)
    print("ValueError: the fake trainer was told to fail", flush=True)
    sys.exit(1)
if mode == "empty":
    print("[2026/01/01 00:00:00] ppocr ERROR: No Images in train dataset", flush=True)
    sys.exit(0)

def save(epoch):
    d = g["save_model_dir"]
    os.makedirs(d, exist_ok=True)
    for suffix in (".pdparams", ".pdopt"):
        open(os.path.join(d, "latest" + suffix), "wb").write(b"weights")
    pickle.dump({"epoch": epoch, "best_model_dict": {}}, open(os.path.join(d, "latest.states"), "wb"))

if mode == "hang":
    def on_term(signum, frame):
        print("fake trainer: got SIGTERM", flush=True)
        marker = os.environ.get("FAKE_TRAIN_SIGNAL_MARKER")
        if marker:
            open(marker, "w").write("SIGTERM")
        sys.exit(143)
    signal.signal(signal.SIGTERM, on_term)
    save(start)
    print("fake trainer: ready", flush=True)
    while True:
        time.sleep(0.1)

for epoch in range(start, int(g["epoch_num"]) + 1):
    print(f"[2026/01/01 00:00:00] ppocr INFO: epoch: [{epoch}/{g['epoch_num']}], global_step: {epoch * 10}, "
          f"lr: 0.000500, acc: 0.250000, norm_edit_dis: 0.750000, CTCLoss: 1.5, loss: 2.500000, "
          f"avg_reader_cost: 0.01000 s, avg_batch_cost: 0.50000 s, avg_samples: 16.0, ips: 32.00000 samples/s, "
          f"eta: 0:00:01", flush=True)
    print("[2026/01/01 00:00:00] ppocr INFO: cur metric, acc: 0.5, norm_edit_dis: 0.8, fps: 100.0", flush=True)
    save(epoch)
