"""`thaiocr-train`: what the container does between SageMaker starting it and uploading /opt/ml/model.

Every check that can fail runs before the trainer starts, so a bad job costs seconds, not GPU hours.
Outcomes: success (exit 0, model dir complete); a stop by SIGTERM (exit 0, checkpoints kept, no
model: SageMaker marks the job Stopped and a restarted job resumes); failure (reason in
/opt/ml/output/failure, exit 1 for a trainer failure, 2 for a user mistake).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.train import checkpoints, contract, export, launch, metrics, reframe, render, replay, runner
from thaiocr.train.dataset import Dataset, check_dataset, find_dataset, read_dict
from thaiocr.train.hyperparams import TrainParams, parse_hyperparameters
from thaiocr.train.source import paddleocr_home

STOPPED_EXIT = 0  # SageMaker reports a stopped job as Stopped whatever the code; 0 keeps logs calm
TRAINER_FAILED_EXIT = 1


class TrainerFailed(Exception):
    """PaddleOCR's own tool failed; the message is the telling line of its log."""


def say(msg: str) -> None:
    print(f"thaiocr-train: {msg}", flush=True)


def _device(params: TrainParams) -> tuple[bool, int]:
    gpus = contract.num_gpus()
    if params.device == "cpu":
        return False, 0
    if params.device == "gpu" and gpus == 0:
        raise UserError("device=gpu but this container sees no GPU")
    return gpus > 0, gpus


def _pretrained(params: TrainParams, chans: dict[str, Path]) -> Path | None:
    d = chans.get(contract.PRETRAINED_CHANNEL)
    if d is None:
        if params.pretrained:
            raise UserError(f"pretrained={params.pretrained} but there is no 'pretrained' channel")
        return None
    if params.pretrained:
        path = d / params.pretrained
        if not path.is_file():
            raise UserError(f"pretrained channel has no {params.pretrained}")
        return path
    found = sorted(d.rglob("*.pdparams"))
    if len(found) != 1:
        raise UserError(f"pretrained channel must hold exactly one .pdparams (found {len(found)})",
                        hint="or name it with the 'pretrained' hyperparameter")
    return found[0]


def _validation(chans: dict[str, Path], train: Dataset) -> tuple[Dataset | None, str]:
    d = chans.get(contract.VALIDATION_CHANNEL)
    if d is None:
        return (train, "val") if train.label_file("val") else (None, "val")
    val = find_dataset(d, contract.VALIDATION_CHANNEL)
    if read_dict(val.dict_path) != read_dict(train.dict_path):
        raise UserError("the validation dataset's dictionary differs from the training dataset's")
    split = "val" if val.label_file("val") else "test"
    if val.label_file(split) is None:
        raise UserError("the validation channel holds no val or test labels")
    return val, split


def _batch_size(params: TrainParams, template: dict, train: Dataset, devices: int) -> TrainParams:
    """A batch larger than the training set gives PaddleOCR zero steps (drop_last) and it exits 0."""
    wanted = params.batch_size or int(template["Train"].get("loader", {}).get("batch_size_per_card", 1))
    fit = max(1, train.count("train") // max(devices, 1))
    if wanted <= fit:
        return params
    say(f"batch_size {wanted} exceeds the {fit} training lines per device; using {fit}")
    return params.model_copy(update={"batch_size": fit})


def _workers(params: TrainParams, template: dict, gpus: int) -> TrainParams:
    """Loader workers per device: the config's number, but no more than the CPUs each device has
    (minus one for the trainer itself) - oversubscribed workers slow the step instead of feeding it."""
    if params.num_workers is not None:
        return params
    wanted = int(template["Train"].get("loader", {}).get("num_workers", 4))
    fit = max(1, (os.cpu_count() or 2) // max(gpus, 1) - 1)
    if wanted <= fit:
        return params
    say(f"{fit} data loader workers per device ({os.cpu_count()} CPUs), not the config's {wanted}")
    return params.model_copy(update={"num_workers": fit})


def prepare(p: contract.Paths) -> tuple[TrainParams, dict, launch.Launch, Dataset, contract.ResourceConfig]:
    params = parse_hyperparameters(contract.read_hyperparameters(p))
    resources = contract.read_resourceconfig(p)
    home = paddleocr_home()
    template = render.load_template(params.config)  # a typo in `config` fails before any data is read
    chans = contract.channels(p)
    if contract.TRAINING_CHANNEL not in chans:
        raise UserError("no 'training' channel: the job needs a dataset made by 'thaiocr data synth'")
    train = find_dataset(chans[contract.TRAINING_CHANNEL], contract.TRAINING_CHANNEL)
    framing = reframe.wanted_framing(template)  # lines in the framing the model trains on (imaging.framing)
    frame_h = (params.image_shape or export.image_shape(template))[1]
    train = reframe.ensure_framed(train, framing, frame_h, p.output_dir / "framed", say)
    train = replay.mix_in(train, chans.get(contract.REPLAY_CHANNEL), params.replay_fraction, params.seed,
                          p.output_dir / "replay_mix")  # incremental runs (BASE=)
    max_len = params.max_text_length or train.max_text_length
    check_dataset(train, max_len)
    val, val_split = _validation(chans, train)
    if val is not None and val is not train:
        val = reframe.ensure_framed(val, framing, frame_h, p.output_dir / "framed", say)
    if val is not None and val is not train:
        check_dataset(val, max_len, channel=contract.VALIDATION_CHANNEL)
    pretrained = _pretrained(params, chans)
    use_gpu, gpus = _device(params)
    cpu_trainers = 1 if use_gpu else params.cpu_trainers
    devices = (gpus if use_gpu else cpu_trainers) * resources.num_hosts
    params = _batch_size(params, template, train, devices)
    params = _workers(params, template, gpus if use_gpu else cpu_trainers)
    resume = checkpoints.latest_checkpoint(p.checkpoints_dir)
    job = render.Job(train=train, val=val, val_split=val_split, checkpoints_dir=p.checkpoints_dir,
                     inference_dir=p.model_dir / "inference", output_data_dir=p.output_data_dir,
                     use_gpu=use_gpu, num_devices=devices, max_text_length=max_len,
                     pretrained=pretrained, resume_from=resume)
    cfg = render.render(template, params, job)
    cfg_path = render.dump(cfg, p.output_data_dir / "train_config.yml")
    lnch = launch.build_launch(home, "train.py", ["-c", str(cfg_path)], num_gpus=gpus if use_gpu else 0,
                               resources=resources, log_dir=p.output_data_dir / "launch_logs",
                               cpu_trainers=cpu_trainers)
    say(f"config {params.config}, {train.count('train')} training lines, "
        f"{'no validation' if val is None else f'{val.count(val_split)} validation lines'}, "
        f"max_text_length {max_len}, {'GPU x%d' % gpus if use_gpu else 'CPU x%d' % cpu_trainers}, hosts {resources.num_hosts}, "
        f"{'resuming from ' + resume.name + ' (epoch %d)' % checkpoints.finished_epoch(resume) if resume else 'fresh start'}"
        f"{', pretrained ' + pretrained.name if pretrained and not resume else ''}")
    return params, cfg, lnch, train, resources


def _run_tool(lnch: launch.Launch, stopper: runner.Stopper, what: str) -> bool:
    """True when it finished; False when stopped by SIGTERM."""
    result = runner.run(lnch.argv, lnch.env, stopper, world_size=lnch.world_size)
    if result.skipped_pretrained:
        say(f"{result.skipped_pretrained} pretrained tensors did not fit and start untrained: the dataset's "
            "dictionary differs from the pretrained model's, so the output layers learn from scratch")
    if result.terminated:
        return False
    if result.returncode != 0:
        raise TrainerFailed(f"{what} failed (exit {result.returncode}): {result.error_line()[:600]}")
    return True


def export_weights(weights: Path, cfg: dict, model_dir: Path, work_dir: Path, dict_path: Path,
                   manifest: Path, stopper: runner.Stopper) -> bool:
    """Export `weights` (a checkpoint prefix) into a complete model dir: inference model, dictionary,
    dataset manifest, the training weights (pretrained.pdparams) and the rendered config.
    False when stopped by SIGTERM. `thaiocr model export` uses it to ship an epoch other than the
    one the run picked."""
    inference_dir = model_dir / "inference"
    if inference_dir.exists():
        shutil.rmtree(inference_dir)
    ecfg = export.export_config(cfg, weights, inference_dir)
    ecfg_path = render.dump(ecfg, work_dir / "export_config.yml")
    home = paddleocr_home()
    lnch = launch.build_launch(home, "export_model.py", ["-c", str(ecfg_path)], num_gpus=0,
                               resources=contract.ResourceConfig("algo-1", ["algo-1"]), log_dir=work_dir)
    say(f"exporting {weights.name} to {inference_dir}")
    if not _run_tool(lnch, stopper, "export"):
        return False
    export.fix_inference_yml(inference_dir, cfg)
    shutil.copyfile(dict_path, model_dir / "th_dict.txt")
    shutil.copyfile(manifest, model_dir / "manifest.json")
    # the training weights travel with the model: the next run (pretrained channel, BASE=) continues them
    if weights.with_suffix(".pdparams").is_file():
        shutil.copyfile(weights.with_suffix(".pdparams"), model_dir / PRETRAINED_FILE)
    render.dump(cfg, model_dir / "config.yml")
    return True


def finish(p: contract.Paths, params: TrainParams, cfg: dict, train: Dataset, stopper: runner.Stopper) -> bool:
    weights = checkpoints.best_or_latest(p.checkpoints_dir)
    if weights is None:
        raise TrainerFailed("training produced no checkpoint (were there fewer lines than one batch?)")
    if not export_weights(weights, cfg, p.model_dir, p.output_data_dir, train.dict_path,
                          train.root / "manifest.json", stopper):
        return False
    summary = {"config": params.config, "weights": weights.name,
               "epoch": checkpoints.finished_epoch(weights) if weights.name != "best_accuracy" else None}
    if params.evaluate and train.label_file("test"):
        from thaiocr.evaluation.run import evaluate_model

        say("evaluating the exported model on the test split")
        figures = evaluate_model(p.model_dir, train.root, split="test", out_dir=p.output_data_dir / "eval")
        summary.update(figures)
        line = metrics.format_metrics({k: v for k, v in (("test_cer", figures.get("cer")),
                                                         ("test_line_acc", figures.get("line_accuracy")))
                                       if v is not None})
        if line:
            print(line, flush=True)
    (p.model_dir / "metrics.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return True


PRETRAINED_FILE = "pretrained.pdparams"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "train":  # SageMaker runs the image as `<entrypoint> train`
        argv = argv[1:]
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    if argv:
        print(f"thaiocr-train: error: unexpected arguments {argv}; configure with hyperparameters.json",
              file=sys.stderr)
        return 2
    p = contract.paths().create()
    started = time.time()
    try:
        with runner.Stopper() as stopper:
            params, cfg, lnch, train, resources = prepare(p)
            if not _run_tool(lnch, stopper, "training"):
                say(f"stopped after {time.time() - started:.0f} s; checkpoints kept in {p.checkpoints_dir}")
                return STOPPED_EXIT
            if resources.current_host != resources.master_host:
                say(f"{resources.current_host} done; {resources.master_host} saves, exports and evaluates")
                return 0
            if not finish(p, params, cfg, train, stopper):
                say(f"stopped after {time.time() - started:.0f} s; checkpoints kept in {p.checkpoints_dir}")
                return STOPPED_EXIT
    except UserError as exc:
        contract.write_failure(str(exc), p)
        print(f"thaiocr-train: error: {exc}", file=sys.stderr, flush=True)
        return exc.exit_code
    except TrainerFailed as exc:
        contract.write_failure(str(exc), p)
        print(f"thaiocr-train: error: {exc}", file=sys.stderr, flush=True)
        return TRAINER_FAILED_EXIT
    except Exception as exc:  # a bug here: keep the traceback in the log, the gist in the failure file
        traceback.print_exc()
        contract.write_failure(f"internal error: {type(exc).__name__}: {exc}", p)
        return TRAINER_FAILED_EXIT
    say(f"done in {time.time() - started:.0f} s; model in {p.model_dir}")
    return 0
