"""How fast one CPU core prepares training samples for a config (decode, augment, encode, resize).

On a GPU the step is short, so what keeps the reader share under 5% is enough loader workers:
workers needed ~= GPU samples/s / this per-core rate. Measured in-process with PaddleOCR's own dataset
classes and the config as the entrypoint renders it.
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path


def per_core_rate(config: str, data: Path, samples: int, home: Path) -> dict:
    from thaiocr.train import render
    from thaiocr.train.dataset import find_dataset
    from thaiocr.train.hyperparams import parse_hyperparameters

    ds = find_dataset(data, "training")
    job = render.Job(train=ds, val=None, val_split="val", checkpoints_dir=data / "_ckpt",
                     inference_dir=data / "_inf", output_data_dir=data / "_out", use_gpu=False,
                     num_devices=1, max_text_length=ds.max_text_length)
    cfg = render.render(render.load_template(config), parse_hyperparameters({"config": config}), job)
    if str(home) not in sys.path:
        sys.path.insert(0, str(home))
    from ppocr.data import simple_dataset  # noqa: E402  (PaddleOCR's own classes)

    name = cfg["Train"]["dataset"]["name"]
    dataset = getattr(simple_dataset, name)(cfg, "Train", logging.getLogger("bench"), seed=0)
    sampler = cfg["Train"].get("sampler") or {}
    scales = sampler.get("scales") or [[0, 0]]
    n = len(dataset.data_lines)
    if name == "MultiScaleDataSet":
        w, h = scales[len(scales) // 2]
        get = lambda i: dataset[(w, h, i % n)]  # noqa: E731
    else:
        get = lambda i: dataset[i % n]  # noqa: E731
    for i in range(min(8, samples)):  # warm caches and lazy imports
        get(i)
    start = time.process_time()
    for i in range(samples):
        get(i)
    cpu = time.process_time() - start
    return {"config": config, "dataset": name, "samples": samples,
            "per_core_samples_per_sec": round(samples / cpu, 1) if cpu > 0 else None}
