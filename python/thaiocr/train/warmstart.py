"""Warm-start a training run from a shipped inference model whose dictionary is a subset of the new one.

Training accumulates through `pretrained.pdparams`, but a model shipped before that (or exported by
someone else) carries only `inference/` (a static program and its parameters, with generated names).
When a new recipe keeps the network and only grows the dictionary (v2 added bullets and symbols to v1's),
starting over wastes every CPU hour v1 cost. This maps the inference parameters onto the training
network by their generated names (both sides build the network in a fresh name scope, so `conv2d_0.w_0`
is the same layer on both), checks every shape, moves each CTC class row to its character's new index,
and gives the new characters rows that start unlikely. A numeric check proves the mapping: on random
input, the new network's probabilities over the old characters equal the old model's.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from thaiocr.errors import UserError

HEAD_PREFIX = "head.fc."


@dataclass
class WarmStart:
    mapped: int  # parameters copied as they were
    head_rows: int  # CTC classes carried over (blank, shared characters, space)
    new_chars: list[str]  # characters that start fresh
    max_prob_diff: float  # the numeric check: largest |p_new - p_old| over old classes


def read_inference_dictionary(model_dir: Path) -> tuple[list[str], bool]:
    """The character list and use_space_char of an exported model, from inference.yml."""
    import yaml

    path = model_dir / "inference" / "inference.yml"
    if not path.is_file():
        raise UserError(f"{model_dir}: no inference/inference.yml (is it a shipped model folder?)")
    post = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("PostProcess") or {}
    chars = post.get("character_dict")
    if not chars:
        raise UserError(f"{path}: no PostProcess.character_dict")
    return [str(c) for c in chars], bool(post.get("use_space_char", False))


def classes(chars: list[str], use_space: bool) -> list[str | None]:
    """CTC class order as PaddleOCR's CTCLabelDecode builds it: blank (None), the dictionary, then space."""
    return [None, *chars, *([" "] if use_space else [])]


def head_row_map(old: list[str | None], new: list[str | None]) -> list[int | None]:
    """For each new class, the old class index that carries its weights (None: a character v_old lacks)."""
    index = {c: i for i, c in enumerate(old)}
    return [index.get(c) for c in new]


def _build(arch: dict, n_classes: int):
    import paddle
    from ppocr.modeling.architectures import build_model

    arch = copy.deepcopy(arch)
    arch["Head"]["out_channels"] = n_classes
    with paddle.utils.unique_name.guard():  # generated names from zero, as in the exporting process
        model = build_model(arch)
    model.eval()
    return model


def warm_start(source: Path, config: dict, chars: list[str], use_space: bool, out: Path,
               seed: int = 0) -> WarmStart:
    """Write `out` (.pdparams for config's network over `chars`) from the inference model in `source`."""
    import paddle

    old_chars, old_space = read_inference_dictionary(source)
    old, new = classes(old_chars, old_space), classes(chars, use_space)
    rows = head_row_map(old, new)
    carried = sum(r is not None for r in rows)
    if carried < len(old):
        lost = [c for c in old if c not in set(new)]
        raise UserError(f"the new dictionary drops {len(lost)} of the source's characters "
                        f"({''.join(c or '' for c in lost[:10])}...): warm-start needs a superset")
    paddle.seed(seed)
    model = _build(config["Architecture"], len(new))
    try:
        src = paddle.jit.load(str(source / "inference" / "inference"))
    except Exception as e:  # noqa: BLE001 - a broken export is the user's input
        raise UserError(f"{source}/inference: cannot load the inference model ({str(e).splitlines()[0]})") from None
    params = {p.name.removesuffix("_0"): p.numpy() for p in src.parameters()}
    state = {}
    for key, tensor in model.state_dict().items():
        name, mine = tensor.name, tensor.numpy()
        if name not in params:
            raise UserError(f"the source has no parameter {name} for {key}: not the same network as the config")
        theirs = params[name]
        if key.startswith(HEAD_PREFIX):
            state[key] = _head(key, mine, theirs, rows)
            continue
        if theirs.shape != mine.shape:
            raise UserError(f"{key}: the source's {name} is {theirs.shape}, the config's network wants "
                            f"{mine.shape}: not the same network")
        state[key] = theirs
    model.set_state_dict({k: paddle.to_tensor(v) for k, v in state.items()})
    diff = _check(model, src, rows, config)
    if diff > 1e-3:
        raise UserError(f"warm-start check failed: probabilities differ by {diff:.4f} from the source model")
    out.parent.mkdir(parents=True, exist_ok=True)
    paddle.save({k: paddle.to_tensor(v) for k, v in state.items()}, str(out))
    return WarmStart(len(state), carried, [c for c, r in zip(new, rows) if r is None and c], diff)


def _head(key: str, mine, theirs, rows: list[int | None]):
    """CTC head rows by character; a new character gets small weights and the lowest old bias."""
    new = mine.copy()
    if key.endswith("weight"):  # [hidden, classes]
        new *= 0.1
        for j, i in enumerate(rows):
            if i is not None:
                new[:, j] = theirs[:, i]
    else:
        floor = theirs[1:].min()
        for j, i in enumerate(rows):
            new[j] = theirs[i] if i is not None else floor
    return new


def _check(model, src, rows: list[int | None], config: dict) -> float:
    """max |p_new(old classes, renormalised) - p_old| on random lines of the network's height."""
    import numpy as np
    import paddle

    height = int((config["Global"].get("d2s_train_image_shape") or [3, 32, 320])[1])
    x = paddle.to_tensor(np.random.default_rng(0).uniform(-1, 1, (2, 3, height, 160)).astype("float32"))
    with paddle.no_grad():
        p_new = model(x)
        p_old = src(x)
    p_new = p_new.numpy() if hasattr(p_new, "numpy") else np.asarray(p_new)
    p_old = (p_old[0] if isinstance(p_old, (list, tuple)) else p_old).numpy()
    keep = [j for j, i in enumerate(rows) if i is not None]
    order = [rows[j] for j in keep]
    sub = p_new[..., keep]
    sub = sub / sub.sum(-1, keepdims=True)
    return float(np.abs(sub - p_old[..., order]).max())
