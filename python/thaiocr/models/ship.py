"""`thaiocr model ship`: turn a finished job's model into the shipped model under models/<name>/.

The card is generated from what the job recorded (dataset manifest, rendered config, hyperparameters,
timings, metrics) and, when given, an evaluation report, so nothing in it is typed by hand.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
from datetime import date
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import repo_root

MAX_BYTES = 10 * 1024 * 1024
PARTS = ("inference", "th_dict.txt", "config.yml", "metrics.json", "manifest.json")
WEIGHTS = "pretrained.pdparams"  # the training weights: local runs, the demo and BASE= continue from them


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _architecture(config_file: Path) -> str:
    import yaml

    arch = yaml.safe_load(config_file.read_text(encoding="utf-8")).get("Architecture", {})
    parts = [arch.get("algorithm", "?")]
    for key in ("Backbone", "Neck", "Head"):
        block = arch.get(key) or {}
        extra = ", ".join(f"{k}={v}" for k, v in block.items() if k != "name")
        parts.append(f"{block.get('name', '-')}({extra})")
    return " / ".join(parts)


def _eval_table(report: dict) -> str:
    rows = ["| engine | lines | CER | CER (no spaces) | WER | line accuracy | ms/line |", "|---|---|---|---|---|---|---|"]
    for name, e in report.get("engines", {}).items():
        rows.append(f"| {name} | {e['lines']} | {100 * e['cer']:.2f}% | {100 * e.get('cer_nospace', e['cer']):.2f}% "
                    f"| {100 * e['wer']:.2f}% | {100 * e['line_accuracy']:.2f}% | {e['ms_per_line']:.1f} |")
    return "\n".join(rows)


def _run_record(model: Path, log: Path | None, hyperparameters: Path | None) -> dict:
    """What a job description would say, for a model trained by the entrypoint outside the job system
    (`SAGEMAKER_BASE_DIR=... thaiocr-train`): hyperparameters from its file, times from its log."""
    import re

    hp = json.loads(Path(hyperparameters).read_text(encoding="utf-8")) if hyperparameters else {}
    desc: dict = {"HyperParameters": {k: str(v) for k, v in hp.items()}}
    if log:
        stamps = re.findall(r"^\[(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d)\] ppocr INFO: epoch:",
                            Path(log).read_text(encoding="utf-8", errors="replace"), re.M)
        if len(stamps) >= 2:
            from datetime import datetime

            t = [datetime.strptime(x, "%Y/%m/%d %H:%M:%S") for x in (stamps[0], stamps[-1])]
            desc["TrainingTimeInSeconds"] = (t[1] - t[0]).total_seconds()
    return desc


def ship(job: str | None, name: str, *, env: str = "local", eval_dir: Path | None = None, force: bool = False,
         model_dir: Path | None = None, note: str = "", real_eval_dir: Path | None = None,
         log: Path | None = None, hyperparameters: Path | None = None, out=print) -> Path:
    """`model_dir`: package that directory instead of fetching the job's model.tar.gz (a local job whose
    runner failed after the entrypoint had written /opt/ml/model); the job still supplies the record.
    Without a job, `model_dir` is a bare entrypoint run, described by its `log` and `hyperparameters`.
    `real_eval_dir`: a `thaiocr eval --out` report on real documents, for the card."""
    from thaiocr.models.curve import parse_log, plot

    dest = repo_root() / "models" / name
    if dest.exists() and not force:
        raise UserError(f"{dest} exists", hint="choose another --name, or --force to replace it")
    if job is None:
        if model_dir is None:
            raise UserError("model ship needs --job, or --model-dir (with --log) for a run outside the job system")
        model, desc = Path(model_dir), _run_record(Path(model_dir), log, hyperparameters)
    else:
        from thaiocr.jobs import describe
        from thaiocr.jobs.fetch import fetch

        model = Path(model_dir) if model_dir else fetch(env, job, out=lambda *_: None)
        desc = describe.describe(env, job)
    missing = [p for p in PARTS if not (model / p).exists()]
    if missing:
        raise UserError(f"the model of {job} lacks {', '.join(missing)}")
    staging = dest.with_name(f".{name}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for part in PARTS:
        src = model / part
        shutil.copytree(src, staging / part) if src.is_dir() else shutil.copy2(src, staging / part)
    if (model / WEIGHTS).is_file():
        shutil.copy2(model / WEIGHTS, staging / WEIGHTS)

    if log is None and job is not None and env == "local":
        from thaiocr.jobs import local_state

        log = local_state.runner_log(job)
    log = Path(log) if log else None
    curve = parse_log(log.read_text(encoding="utf-8", errors="replace").splitlines()) if log and log.exists() else None
    if curve:
        plot(curve, staging / "learning_curve.png", title=f"{name} ({job})")
    report = None
    if eval_dir:
        report_file = Path(eval_dir) / "report.json"
        if not report_file.is_file():
            raise UserError(f"no report.json in {eval_dir}", hint="run 'thaiocr eval ... --out DIR' first")
        report = json.loads(report_file.read_text(encoding="utf-8"))
        for f in ("report.md", "report.json", *[p.name for p in Path(eval_dir).glob("*.png")]):
            shutil.copy2(Path(eval_dir) / f, staging / f"eval_{f}")
    real = None
    if real_eval_dir:
        real_file = Path(real_eval_dir) / "report.json"
        if not real_file.is_file():
            raise UserError(f"no report.json in {real_eval_dir}", hint="run 'thaiocr eval ... --out DIR' first")
        real = json.loads(real_file.read_text(encoding="utf-8"))
        for f in ("report.md", "report.json", *[p.name for p in Path(real_eval_dir).glob("*.png")]):
            shutil.copy2(Path(real_eval_dir) / f, staging / f"real_{f}")
    card = _card(name, job or "(entrypoint run)", env, staging, desc, curve, report, real)
    if note:
        card = card.replace("\n## Training\n", f"\n> {note}\n\n## Training\n", 1)
    (staging / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    size = _size(staging)
    if size > MAX_BYTES:
        shutil.rmtree(staging)
        raise UserError(f"the packaged model is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit")
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(staging, dest)
    out(f"shipped {job or model_dir} as {dest} ({size / 1e6:.1f} MB)")
    return dest


def _seconds_between(start, end) -> float:
    from datetime import datetime

    try:
        parse = lambda v: v if isinstance(v, datetime) else datetime.fromisoformat(str(v))  # noqa: E731
        return (parse(end) - parse(start)).total_seconds()
    except (TypeError, ValueError):
        return 0.0


def _card(name, job, env, folder: Path, desc: dict, curve, report, real=None) -> str:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    hp = desc.get("HyperParameters", {})
    spec = manifest.get("spec", {})
    seconds = desc.get("TrainingTimeInSeconds") or _seconds_between(desc.get("TrainingStartTime"),
                                                                     desc.get("TrainingEndTime"))
    steps = curve.steps[-1] if curve and curve.steps else None
    ips = sorted(curve.ips)[len(curve.ips) // 2] if curve and curve.ips else None
    lines = [
        f"# {name}",
        "",
        "Thai text-line recogniser (PaddleOCR inference format: `inference/`, with `th_dict.txt`). "
        "`thaiocr predict`, `eval` and `serve` use it by default; any PaddleOCR pipeline loads `inference/`.",
        "",
        "## Training",
        f"- job: `{job}` (ENV={env}), config `{hp.get('config', '?')}`: {_architecture(folder / 'config.yml')}",
        "- hyperparameters: " + ", ".join(f"{k}={v}" for k, v in sorted(hp.items())),
        f"- {'from the weights given in the pretrained channel' if hp.get('pretrained') else 'from scratch'} "
        f"on dataset `{manifest.get('name')}` ({_dataset_origin(manifest)}, "
        f"content hash `{str(manifest.get('content_hash'))[:16]}`): "
        + ", ".join(f"{k} {v}" for k, v in manifest.get("counts", {}).items()),
        f"- wall-clock training: {seconds / 60:.0f} min on {platform.machine()} with {os.cpu_count()} CPU cores"
        + (f", {steps} steps, median {ips:.1f} samples/s" if steps else ""),
        f"- dictionary: {manifest.get('dict_size')} code points, max_text_length {manifest.get('max_text_length')}, "
        f"use_space_char {manifest.get('use_space_char')}",
        f"- test split fonts, held out of training: {', '.join(_held_out_fonts(manifest)) or '-'}",
        "",
        "![learning curve](learning_curve.png)" if (folder / "learning_curve.png").exists() else "",
        "",
        "## Evaluation",
    ]
    if metrics.get("cer") is not None:
        lines.append(f"At the end of training, on the unseen-font test split: CER {100 * metrics['cer']:.2f}%, "
                     f"line accuracy {100 * metrics.get('line_accuracy', float('nan')):.2f}% "
                     f"({metrics.get('lines')} lines).")
    elif metrics.get("weights"):
        lines.append(f"Exported from the run's `{metrics['weights']}` checkpoint"
                     + (f" (epoch {metrics['epoch']})" if metrics.get("epoch") else "") + ".")
    if report:
        beside = len(report.get("engines", {})) > 1
        lines += ["", ("Beside Tesseract on the same images" if beside else "On the test split")
                  + " (`eval_report.md` has breakdowns and confusions):", "", _eval_table(report)]
    if real:
        lines += ["", "### Real documents",
                  "Lines cut from public born-digital Thai PDFs (datasets/real/SOURCES.md), never trained on; "
                  "`real_report.md` has the breakdowns by font, length and descenders"
                  + ("" if len(real.get("engines", {})) > 1 else "; Tesseract on the same lines: docs/QUALITY.md") + ":",
                  "", _eval_table(real)]
    if (folder / WEIGHTS).is_file():
        lines += ["", f"`{WEIGHTS}` holds the training weights: local runs, the demo and incremental training "
                  "(`BASE=`) start from them."]
    lines += ["", f"Packaged {date.today()} by `thaiocr model ship`."
              + (f" Spec text: {json.dumps({k: spec.get(k) for k in ('mode', 'count', 'image_height')})}"
                 if spec.get("mode") else ""), ""]
    return "\n".join(lines)


def _dataset_origin(manifest: dict) -> str:
    """Where the training set came from: its spec and seed, or the datasets a merge joined."""
    sources = (manifest.get("spec") or {}).get("sources")
    if manifest.get("mode") == "merge" and sources:
        return "merged from " + " + ".join(f"`{s.get('name')}` ({str(s.get('content_hash'))[:16]})" for s in sources)
    return f"spec `datasets/specs/{manifest.get('name')}.yaml`, seed {manifest.get('seed')}"


def _held_out_fonts(manifest: dict) -> list[str]:
    """Families only the test split renders: from the spec, or (a merge) the test fonts no other split has."""
    held = (manifest.get("spec") or {}).get("fonts", {}).get("test_holdout") or []
    if held:
        return list(held)
    fonts = manifest.get("fonts") or {}
    seen = set(fonts.get("train", [])) | set(fonts.get("val", []))
    return sorted(f for f in fonts.get("test", []) if f not in seen)
