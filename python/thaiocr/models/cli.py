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

    from thaiocr.registry.cli import register_model_commands

    register_model_commands(model)  # register | list | compare | approve | reject | train (the registry)


def _ship(args) -> int:
    from thaiocr.models.ship import ship

    ship(args.job, args.name, env=args.env, eval_dir=args.eval, force=args.force, model_dir=args.model_dir,
         note=args.note, real_eval_dir=args.real_eval, log=args.log, hyperparameters=args.hyperparameters)
    return 0
