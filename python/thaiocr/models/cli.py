"""`thaiocr model ship`: package a finished job's model as the shipped model under models/."""
from __future__ import annotations

from pathlib import Path

from thaiocr.cli import group
from thaiocr.envs import env_arg


def register(sub) -> None:
    model = group(sub, "model", "the shipped model under models/, and the model registry")
    p = model.add_parser("ship", help="copy a finished job's model into models/NAME with a generated model card",
                         description="Fetch the job's model.tar.gz, copy its inference model, dictionary, config, "
                                     "dataset manifest and metrics into models/NAME, plot the learning curve from "
                                     "the job's log, and write MODEL_CARD.md (and the evaluation, with --eval). "
                                     "Refuses a package over 10 MB.")
    env_arg(p)
    p.add_argument("--job", help="the job whose model to ship (or --model-dir with --log for a bare entrypoint run)")
    p.add_argument("--name", required=True, help="folder name under models/")
    p.add_argument("--eval", type=Path, metavar="DIR", help="a 'thaiocr eval --out DIR' report to include")
    p.add_argument("--model-dir", type=Path, metavar="DIR", help="package this model dir instead of fetching the job's")
    p.add_argument("--note", default="", help="a line for the top of the model card")
    p.add_argument("--real-eval", type=Path, metavar="DIR", help="a 'thaiocr eval --out DIR' report on real documents")
    p.add_argument("--log", type=Path, help="the training log (learning curve), for a run outside the job system")
    p.add_argument("--hyperparameters", type=Path, metavar="FILE", help="its hyperparameters.json")
    p.add_argument("--force", action="store_true", help="replace models/NAME")
    p.set_defaults(func=_ship)

    w = model.add_parser("warm-start", help="turn a shipped model into pretrained weights for a grown dictionary",
                         description="Map a shipped inference model's parameters onto CONFIG's training network "
                                     "over DICT (a superset of the model's dictionary): shared characters keep "
                                     "their CTC rows, new ones start unlikely. Checks shapes and, numerically, "
                                     "that the result reads as the source does. Use the .pdparams as "
                                     "HP='pretrained=...' (the pretrained channel) or models/<name>/pretrained.pdparams.")
    w.add_argument("--from", dest="source", type=Path, required=True, metavar="DIR", help="a models/<name> folder")
    w.add_argument("--config", required=True, help="configs/rec/<name>.yml (a name or a path)")
    w.add_argument("--dict", type=Path, required=True, metavar="FILE", help="the new dictionary (th_dict.txt)")
    w.add_argument("--out", type=Path, required=True, metavar="FILE", help="the .pdparams to write")
    w.set_defaults(func=_warm_start)

    e = model.add_parser("export", help="export one checkpoint of a training run (e.g. an earlier epoch) as a model dir",
                         description="A run exports the checkpoint it judged best on its validation split. This "
                                     "exports another one (latest, best_accuracy, iter_epoch_N) of the same run into "
                                     "a complete model dir (inference model, dictionary, manifest, config and the "
                                     "training weights), ready for 'thaiocr eval' and 'thaiocr model ship "
                                     "--model-dir'. RUN is the job's /opt/ml root: .local/jobs/<job>/opt_ml for a "
                                     "local job, or a relocated SAGEMAKER_BASE_DIR.")
    e.add_argument("--run", type=Path, required=True, metavar="DIR", help="the run's /opt/ml root")
    e.add_argument("--checkpoint", default="latest", help="checkpoint name in DIR/checkpoints (default: latest)")
    e.add_argument("--out", type=Path, required=True, metavar="DIR", help="the model dir to write")
    e.set_defaults(func=_export)

    from thaiocr.registry.cli import register_model_commands

    register_model_commands(model)  # register | list | compare | approve | reject | train (the registry)


def _ship(args) -> int:
    from thaiocr.models.ship import ship

    ship(args.job, args.name, env=args.env, eval_dir=args.eval, force=args.force, model_dir=args.model_dir,
         note=args.note, real_eval_dir=args.real_eval, log=args.log, hyperparameters=args.hyperparameters)
    return 0


def _warm_start(args) -> int:
    import os
    import sys

    os.environ.setdefault("GLOG_minloglevel", "2")  # Paddle's executor banners are not news to the user

    import yaml

    from thaiocr.errors import UserError
    from thaiocr.paths import repo_root
    from thaiocr.text.dictionary import read_dictionary
    from thaiocr.train.source import paddleocr_home
    from thaiocr.train.warmstart import warm_start

    config = Path(args.config)
    if not config.suffix:
        config = repo_root() / "configs" / "rec" / f"{args.config}.yml"
    for path, what in ((config, "config"), (args.dict, "dictionary"), (args.source, "model folder")):
        if not path.exists():
            raise UserError(f"no such {what}: {path}")
    if args.out.suffix != ".pdparams":
        raise UserError(f"--out {args.out}: name it <something>.pdparams (PaddleOCR adds nothing, loads that file)")
    cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
    sys.path.insert(0, str(paddleocr_home()))
    chars = read_dictionary(args.dict)
    result = warm_start(args.source, cfg, chars, bool(cfg["Global"].get("use_space_char", True)), args.out)
    print(f"wrote {args.out}: {result.mapped} tensors, {result.head_rows} CTC classes carried over, "
          f"{len(result.new_chars)} new ({''.join(result.new_chars)}); "
          f"check: probabilities within {result.max_prob_diff:.1e} of {args.source}")
    return 0


def _export(args) -> int:
    import json
    import os
    import shutil

    os.environ.setdefault("GLOG_minloglevel", "2")

    import yaml

    from thaiocr.errors import UserError
    from thaiocr.train import checkpoints, contract, runner
    from thaiocr.train.dataset import find_dataset
    from thaiocr.train.entrypoint import TrainerFailed, export_weights

    p = contract.paths(args.run)
    cfg_path = p.output_data_dir / "train_config.yml"
    if not cfg_path.is_file():
        raise UserError(f"{args.run} is not a training run's /opt/ml root (no {cfg_path.relative_to(args.run)})")
    weights = p.checkpoints_dir / args.checkpoint
    if not weights.with_suffix(".pdparams").is_file():
        found = sorted(x.stem for x in p.checkpoints_dir.glob("*.pdparams"))
        raise UserError(f"no checkpoint {args.checkpoint!r} in {p.checkpoints_dir}; there are: "
                        f"{', '.join(found) or 'none'}")
    train = find_dataset(p.channel_dir("training"), "training")
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / ".export"
    work.mkdir(exist_ok=True)
    try:
        with runner.Stopper() as stopper:
            if not export_weights(weights, cfg, args.out, work, train.dict_path, train.root / "manifest.json",
                                  stopper):
                raise UserError("export interrupted")
    except TrainerFailed as exc:
        raise UserError(str(exc)) from None
    hp = json.loads(p.hyperparameters_file.read_text(encoding="utf-8")) if p.hyperparameters_file.is_file() else {}
    summary = {"config": hp.get("config"), "weights": args.checkpoint, "epoch": checkpoints.finished_epoch(weights)}
    (args.out / "metrics.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print(f"exported {args.checkpoint} (epoch {summary['epoch']}) of {args.run} to {args.out}")
    return 0
