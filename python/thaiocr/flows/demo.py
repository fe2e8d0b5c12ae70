"""`make demo`: the whole project on a laptop with no AWS account - local stack, infra, a small dataset,
a short CPU training job, monitoring and an evaluation - through the same code the cloud envs use, so a
new user sees every part work before spending anything."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import local_dir, repo_root

STEPS = ("setup", "local stack", "infra", "data", "train", "evaluate")
DEMO_COUNT = 400  # lines: enough for every split to have a few fonts, small enough for 2 CPU cores
SPEC = "datasets/specs/th_lines_dev.yaml"


def _say(i: int, text: str, out) -> None:
    out(f"\n== [{i}/{len(STEPS)}] {STEPS[i - 1]}: {text}")


def check_setup() -> Path:
    """Everything the run needs that `make setup`/`make paddleocr` provide, refused up front."""
    missing = [name for name in ("moto", "paddle", "yaml", "boto3") if importlib.util.find_spec(name) is None]
    if missing:
        raise UserError(f"missing Python packages: {', '.join(missing)}", hint="run 'make setup'")
    from thaiocr.train.source import paddleocr_home

    try:
        return paddleocr_home(fetch=True)  # found (.cache, ../shared) or fetched at the pinned commit
    except UserError as exc:
        raise UserError(f"the demo trains with PaddleOCR's own tools and cannot get them: {exc}") from None


def start_stack() -> str:
    from thaiocr.aws.session import local_endpoint

    return local_endpoint()


def apply_infra() -> None:
    """The infra issue's local apply (the same names Terraform uses), via its function or its command."""
    try:
        from thaiocr.infra.local import apply_local
    except ImportError:
        apply_local = None
    if apply_local is not None:
        apply_local()
        return
    from thaiocr.cli import main

    if main(["infra", "apply", "--env", "local"]) != 0:
        raise UserError("creating the local infrastructure failed (see above)", hint="run 'make infra ENV=local'")


def make_data(count: int, say) -> Path:
    from thaiocr.data.pipeline import make_dataset

    spec = repo_root() / SPEC
    folder = local_dir() / "datasets" / f"{spec.stem}-demo-{count}"  # never collides with `make data`
    result = make_dataset(spec, folder, "local", count=count)
    say(f"dataset: {folder} -> {result.get('uri')}")
    return folder


def train(out) -> str:
    from thaiocr.jobs.monitor import follow
    from thaiocr.jobs.submit import submit

    job = submit("local", out=out).job
    code = follow("local", job, out=out, plot=str(local_dir() / "jobs" / job / "metrics.png"))
    if code != 0:
        raise UserError(f"the demo training job {job} did not complete",
                        hint=f"see its log above and {local_dir() / 'jobs' / job / 'runner.log'}")
    return job


def evaluate(job: str, data: Path, out) -> tuple[Path, Path]:
    from thaiocr.evaluation.run import evaluate as run_eval
    from thaiocr.jobs.fetch import fetch

    model = fetch("local", job, out=out)
    report_dir = local_dir() / "eval" / f"{job}-test"
    baselines = ("tesseract",) if shutil.which("tesseract") else ()
    try:
        report = run_eval(model, data, split="test", baselines=baselines, out_dir=report_dir, progress=False)
    except UserError as exc:
        if not baselines:
            raise
        out(f"(Tesseract baseline skipped: {exc})")
        report = run_eval(model, data, split="test", out_dir=report_dir, progress=False)
    engines = dict(report["engines"])
    shipped = _shipped_model()
    if shipped is not None:  # a few CPU minutes teach a model little: show what the shipped one reads
        shipped_report = run_eval(shipped, data, split="test", out_dir=report_dir / "shipped", progress=False)
        engines[f"shipped {shipped.name}"] = shipped_report["engines"]["model"]
    for name, e in engines.items():
        out(f"{name:>24}: CER {100 * e['cer']:.2f}%  line accuracy {100 * e['line_accuracy']:.2f}%"
            f"  {e['ms_per_line']:.1f} ms/line  ({e['lines']} lines)")
    return model, report_dir


def _shipped_model() -> Path | None:
    from thaiocr.evaluation.model_source import shipped_models

    models = shipped_models()
    return models[0] if models else None


def run(env: str = "local", *, count: int | None = None, out=print) -> int:
    if env != "local":
        raise UserError(f"the demo runs on the local stack only, not '{env}'",
                        hint=f"run 'make demo', then 'make train ENV={env}' for the real thing")
    _say(1, "Python packages and the PaddleOCR source", out)
    out(f"PaddleOCR source: {check_setup()}")
    _say(2, "moto on 127.0.0.1 standing in for AWS", out)
    out(f"local stack: {start_stack()}")
    _say(3, "bucket, ECR repository, role, log group (as Terraform names them)", out)
    apply_infra()
    _say(4, f"synthesise {count or DEMO_COUNT} lines, validate, upload", out)
    data = make_data(count or DEMO_COUNT, out)
    _say(5, "a short CPU training job through the SageMaker API", out)
    job = train(out)
    _say(6, "the model on the test split, beside Tesseract", out)
    model, report = evaluate(job, data, out)
    out(f"\ndemo done.\n  model:   {model}\n  report:  {report / 'report.md'}\n"
        f"  metrics: {local_dir() / 'jobs' / job / 'metrics.png'}\n"
        f"next: 'make monitor JOB={job}', 'make eval', or 'make train ENV=dev' with an AWS account")
    return 0
