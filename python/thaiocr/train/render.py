"""Render the PaddleOCR YAML for this job: a configs/rec/ template plus the job's facts.

The template carries the model; the job supplies what only it knows (data paths, the dataset's
dictionary and max length, the device, the checkpoint dir SageMaker syncs for spot resume). The
rendered file is saved with the model so a result can always be traced to the exact config.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thaiocr.errors import UserError
from thaiocr.paths import configs_dir
from thaiocr.train.dataset import Dataset
from thaiocr.train.hyperparams import TrainParams

NEVER = 10**12  # an eval interval that never comes: no validation data


def template_path(name: str) -> Path:
    return configs_dir() / "rec" / f"{name}.yml"


def available_configs() -> list[str]:
    return sorted(p.stem for p in (configs_dir() / "rec").glob("*.yml"))


def load_template(name: str) -> dict:
    import yaml

    path = template_path(name)
    if not path.is_file():
        raise UserError(f"unknown training config '{name}'", hint=f"available: {', '.join(available_configs())}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in ("Global", "Architecture", "Loss", "Optimizer", "PostProcess", "Metric", "Train"):
        if not isinstance(data, dict) or section not in data:
            raise UserError(f"{path.name}: not a PaddleOCR recognition config (no '{section}' section)")
    return data


@dataclass(frozen=True)
class Job:
    """Facts about this run the template cannot know."""

    train: Dataset
    val: Dataset | None
    val_split: str
    checkpoints_dir: Path
    inference_dir: Path
    output_data_dir: Path
    use_gpu: bool
    num_devices: int
    max_text_length: int
    pretrained: Path | None = None
    resume_from: Path | None = None


def set_everywhere(node: Any, key: str, value: Any) -> int:
    """Set `key` at every depth (max_text_length hides in heads, label encoders and augmenters)."""
    count = 0
    if isinstance(node, dict):
        for k in list(node):
            if k == key:
                node[k] = value
                count += 1
            else:
                count += set_everywhere(node[k], key, value)
    elif isinstance(node, list):
        for item in node:
            count += set_everywhere(item, key, value)
    return count


def _transforms(section: dict | None) -> list[dict]:
    if not section:
        return []
    return [t for t in (section.get("dataset", {}).get("transforms") or []) if isinstance(t, dict)]


def _apply_image_shape(cfg: dict, shape: tuple[int, int, int]) -> None:
    c, h, w = shape
    for section in (cfg.get("Train"), cfg.get("Eval")):
        for t in _transforms(section):
            for name, args in t.items():
                if not isinstance(args, dict) or "image_shape" not in args:
                    continue
                if name == "RecConAug":
                    args["image_shape"] = [h, w, c]  # H, W, C here
                else:
                    args["image_shape"] = [c, h, w]
        sampler = (section or {}).get("sampler")
        if isinstance(sampler, dict) and "scales" in sampler:
            sampler["scales"] = [[w, h]]  # one exact shape: the caller asked for it
    cfg["Global"]["d2s_train_image_shape"] = [c, h, w]


CPU_PARALLEL_EVAL_LINES = 800  # ~10 s of evaluation at 320 px wide on one core: inside gloo's fixed 30 s timeout


def _eval_width(ev: dict) -> int:
    for t in _transforms(ev):
        for args in t.values():
            if isinstance(args, dict) and "image_shape" in args:
                return int(args["image_shape"][-1])
    return 320


def render(template: dict, params: TrainParams, job: Job) -> dict:
    cfg = copy.deepcopy(template)
    g = cfg["Global"]
    g.update({
        "use_gpu": job.use_gpu,
        "save_model_dir": str(job.checkpoints_dir),
        "save_inference_dir": str(job.inference_dir),
        "save_res_path": str(job.output_data_dir / "predicts.txt"),
        "character_dict_path": str(job.train.dict_path),
        "use_space_char": job.train.use_space_char,
        "use_visualdl": False,
        "seed": params.seed,
        "checkpoints": str(job.resume_from) if job.resume_from else None,
        "pretrained_model": str(job.pretrained) if job.pretrained and not job.resume_from else None,
        "distributed": job.num_devices > 1,
        "cal_metric_during_train": True,
    })
    if params.epochs is not None:
        g["epoch_num"] = params.epochs
    if params.save_epoch_step is not None:
        g["save_epoch_step"] = params.save_epoch_step
    if params.print_every is not None:
        g["print_batch_step"] = params.print_every
    g.setdefault("print_batch_step", 10)
    g.setdefault("save_epoch_step", 1)
    g.setdefault("log_smooth_window", 20)

    set_everywhere(cfg, "max_text_length", job.max_text_length)
    g["max_text_length"] = job.max_text_length

    amp = params.amp if params.amp is not None else job.use_gpu
    if amp and not job.use_gpu:
        raise UserError("amp=true needs a GPU; this container sees none")
    g["use_amp"] = bool(amp)
    if amp:
        g.setdefault("amp_level", "O1")  # O2 casts the CTC path too; O1 keeps it in fp32
        g.setdefault("scale_loss", 1024.0)
        g.setdefault("use_dynamic_loss_scaling", True)

    lr = cfg["Optimizer"].setdefault("lr", {})
    if params.learning_rate is not None:
        lr["learning_rate"] = params.learning_rate
    if params.warmup_epochs is not None:
        lr["warmup_epoch"] = params.warmup_epochs

    train = cfg["Train"]
    train["dataset"]["data_dir"] = str(job.train.rec_dir)
    train["dataset"]["label_file_list"] = [str(job.train.label_file("train"))]
    if params.train_fraction is not None and params.train_fraction < 1:
        # PaddleOCR redraws the sample every epoch (seeded by the epoch): an epoch budget that fits a time box
        train["dataset"]["ratio_list"] = [params.train_fraction]
    loader = train.setdefault("loader", {})
    if params.batch_size is not None:
        loader["batch_size_per_card"] = params.batch_size
        sampler = train.get("sampler")
        if isinstance(sampler, dict) and "first_bs" in sampler:
            sampler["first_bs"] = params.batch_size
    if params.num_workers is not None:
        loader["num_workers"] = params.num_workers

    val_labels = job.val.label_file(job.val_split) if job.val else None
    if val_labels is None:
        cfg["Eval"] = None
        g["eval_batch_step"] = NEVER
    else:
        ev = cfg.get("Eval") or {}
        if not ev:
            raise UserError("config has no Eval section but a validation split was given")
        ev["dataset"]["data_dir"] = str(job.val.rec_dir)
        ev["dataset"]["label_file_list"] = [str(val_labels)]
        if not job.use_gpu and job.num_devices > 1:
            # only rank 0 evaluates; a CPU peer waiting in gloo's allreduce aborts after ~30 s
            lines = job.val.count(job.val_split)
            cap = CPU_PARALLEL_EVAL_LINES * 320 // max(320, _eval_width(ev))  # wider inputs: fewer lines
            if lines > cap:
                ev["dataset"]["ratio_list"] = [round(cap / lines, 6)]
        if params.num_workers is not None:
            ev.setdefault("loader", {})["num_workers"] = params.num_workers
        if params.eval_every is not None:
            g["eval_batch_step"] = [0, params.eval_every]

    if params.image_shape is not None:
        _apply_image_shape(cfg, params.image_shape)
    _size_labels(cfg, job.output_data_dir)
    return cfg


def _size_labels(cfg: dict, out_dir: Path) -> None:
    """Point aspect-ratio-batched sections at label files carrying image sizes (sized_labels)."""
    from thaiocr.train import sized_labels

    for mode in ("Train", "Eval"):
        section = cfg.get(mode)
        if not sized_labels.needs_sizes(section):
            continue
        ds = section["dataset"]
        ds["label_file_list"] = [
            str(sized_labels.write_sized(Path(f), Path(ds["data_dir"]), out_dir / f"{mode.lower()}_{Path(f).stem}_wh.txt"))
            for f in ds["label_file_list"]]


def dump(cfg: dict, path: Path) -> Path:
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
