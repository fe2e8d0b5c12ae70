"""How fast one CPU core runs a config's network: forward, CTC loss, backward and Adam step on random
batches at the config's input shape, with no data loader and no trainer around it.

This is what decides a CPU recipe: on 2 cores the step is the whole cost (the loader waits <1%), and
Paddle's CPU kernels differ by an order of magnitude between layer types at equal FLOPs (depthwise
convolutions, for one, are most of MobileNetV3's step). `--backbone` swaps the backbone to compare
architectures without writing a config for each; `--profile` names the operators the time goes to.
"""
from __future__ import annotations

import copy
import os
import statistics
import sys
import time
from pathlib import Path

from thaiocr.errors import UserError

NUM_CLASSES = 190  # a Thai line dictionary's size (188 code points) plus blank and space


def parse_backbone(text: str) -> dict:
    """`Name` or `Name:key=value,key=value` (values read as YAML: numbers, booleans, strings)."""
    import yaml

    name, _, rest = text.partition(":")
    if not name.strip():
        raise UserError(f"--backbone {text!r}: expected NAME or NAME:key=value,...")
    out: dict = {"name": name.strip()}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise UserError(f"--backbone {text!r}: '{item}' is not key=value")
        out[key.strip()] = yaml.safe_load(value)
    return out


def _architecture(config: str, backbone: dict | None) -> tuple[dict, tuple[int, int, int]]:
    from thaiocr.train import render

    cfg = render.load_template(config)
    arch = copy.deepcopy(cfg["Architecture"])
    if backbone:
        arch["Backbone"] = backbone
    head = arch.get("Head") or {}
    if head.get("name") != "CTCHead":
        raise UserError(f"config {config}: --model-only times CTC models (its head is {head.get('name')})")
    head["out_channels"] = NUM_CLASSES
    shape = cfg["Global"].get("d2s_train_image_shape") or [3, 32, 320]
    return arch, tuple(int(v) for v in shape)


def model_rate(config: str, batch: int, steps: int, home: Path, backbone: dict | None = None,
               profile: bool = False) -> dict:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    arch, (c, h, w) = _architecture(config, backbone)
    if str(home) not in sys.path:
        sys.path.insert(0, str(home))
    import numpy as np
    import paddle
    from ppocr.losses import build_loss  # noqa: E402  (PaddleOCR's own classes)
    from ppocr.modeling.architectures import build_model

    paddle.set_device("cpu")
    paddle.seed(0)
    try:
        model = build_model(copy.deepcopy(arch))
    except Exception as exc:  # a bad --backbone is the user's: PaddleOCR says why in its own words
        raise UserError(f"PaddleOCR cannot build {arch['Backbone']}: {exc}") from None
    model.train()
    loss_fn = build_loss({"name": "CTCLoss"})
    opt = paddle.optimizer.Adam(learning_rate=1e-3, parameters=model.parameters())
    rng = np.random.default_rng(0)
    x = paddle.to_tensor(rng.random((batch, c, h, w), dtype="float32"))
    labels = paddle.to_tensor(rng.integers(1, NUM_CLASSES, (batch, 40)).astype("int64"))
    lengths = paddle.to_tensor(np.full((batch,), 25, "int64"))

    def step() -> float:
        start = time.perf_counter()
        loss = loss_fn(model(x), [None, labels, lengths])["loss"]
        loss.backward()
        opt.step()
        opt.clear_grad()
        return time.perf_counter() - start

    for _ in range(2):  # first steps allocate and pick kernels
        step()
    times = [step() for _ in range(steps)]
    per_step = statistics.median(times)
    out = {"config": config, "backbone": arch["Backbone"]["name"], "input": f"{h}x{w}", "batch": batch,
           "params_m": round(sum(int(np.prod(p.shape)) for p in model.parameters()) / 1e6, 2),
           "ctc_steps": int(model(x[:1]).shape[1]), "step_ms": round(per_step * 1000),
           "samples_per_sec_per_core": round(batch / per_step, 1)}
    if profile:
        out["top_ops"] = _top_ops(step)
    return out


def _top_ops(step, steps: int = 3, top: int = 6) -> list[tuple[str, float]]:
    """Operator share of the step, forward and backward kernels counted apart."""
    import paddle.profiler as profiler

    prof = profiler.Profiler(targets=[profiler.ProfilerTarget.CPU], on_trace_ready=lambda _: None)
    prof.start()
    for _ in range(steps):
        step()
        prof.step()
    prof.stop()
    totals: dict[str, float] = {}
    for name, seconds in _events(prof):
        totals[name] = totals.get(name, 0.0) + seconds
    whole = sum(totals.values()) or 1.0
    return [(name, round(100 * t / whole, 1)) for name, t in sorted(totals.items(), key=lambda kv: -kv[1])[:top]]


def _events(prof):
    """(operator, seconds) for each top-level operator call, from Paddle's profiler tree."""
    from paddle.profiler.profiler_statistic import TracerEventType

    for tree in prof.profiler_result.get_data().values():
        stack = list(tree.children_node)
        while stack:
            node = stack.pop()
            if node.type == TracerEventType.Operator and not node.name.endswith(("infer_meta", "compute")):
                yield _op_name(node.name), (node.end_ns - node.start_ns) / 1e9
                continue
            stack.extend(node.children_node)


def _op_name(raw: str) -> str:
    """`Global_DepthwiseConv2dGradNode` -> `DepthwiseConv2d backward`; `conv2d dygraph` -> `conv2d`."""
    name = raw.replace(" dygraph", "")
    if name.startswith("Global_") and "GradNode" in name:
        return name[len("Global_"):].split("GradNode")[0] + " backward"
    return name
