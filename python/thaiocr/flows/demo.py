"""`make demo`: the whole project on a laptop with no AWS account - local stack, infra, a small dataset,
a short CPU training job, monitoring and an evaluation - through the same code the cloud envs use, so a
new user sees every part work before spending anything.

The training step is a smoke test of the path (SageMaker API -> container entrypoint -> PaddleOCR ->
export -> model.tar.gz), not a way to a good model: a few CPU minutes. It starts from the shipped model's
weights when they are shipped (`models/<name>/pretrained.pdparams`), so it reports the CER it started
from and the CER it reached; PaddleOCR's config dump and library warnings stay in the job's log.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import local_dir, repo_root

STEPS = ("setup", "local stack", "infra", "data", "train", "evaluate")
DEMO_COUNT = 400  # lines: enough for every split to have a few fonts, small enough for 2 CPU cores
SPEC = "datasets/specs/th_lines_dev.yaml"
# A short fine-tune from the shipped weights: one epoch at a gentle rate, so it cannot wreck them.
FINE_TUNE = {"epochs": "1", "learning_rate": "0.0003", "warmup_epochs": "0", "cpu_trainers": "1"}
# What the terminal shows of a job: our own lines, the metric rows, status transitions, the summary and
# anything that looks like a failure. The rest (PaddleOCR's ~100-line config dump, Paddle's and OpenMP's
# warnings, "static graph(PIR) not support ...") is in the job log.
_SHOWN = re.compile(r"^(thaiocr-train:|metrics|following |final |billable |model: |FailureReason|local runner:|"
                    r"\[\d\d:\d\d:\d\d\] |channel data:|preflight)|Traceback|Error|error:")


def _say(i: int, text: str, out) -> None:
    out(f"\n== [{i}/{len(STEPS)}] {STEPS[i - 1]}: {text}")


@dataclass
class QuietLog:
    """The job's output as the demo shows it: the lines that tell the story; the count of the others."""

    out: object
    hidden: int = 0
    shown: list[str] = field(default_factory=list)

    def __call__(self, line: str) -> None:
        if _SHOWN.search(line):
            self.shown.append(line)
            self.out(line)
        else:
            self.hidden += 1


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


def describe_source(home: Path) -> str:
    from thaiocr.train.source import describe

    return describe(home)


def start_stack() -> str:
    from thaiocr.aws.session import local_endpoint

    return local_endpoint()


def apply_infra() -> None:
    from thaiocr.infra.local import apply_local

    apply_local()


def make_data(count: int, say) -> Path:
    from thaiocr.data.pipeline import make_dataset

    spec = repo_root() / SPEC
    folder = local_dir() / "datasets" / f"{spec.stem}-demo-{count}"  # never collides with `make data`
    result = make_dataset(spec, folder, "local", count=count)
    say(f"dataset: {folder} -> {result.get('uri')}")
    return folder


def starting_point(data: Path, out):
    """The shipped model whose weights the short run starts from, and its CER on the demo's test split."""
    from thaiocr.evaluation.model_source import shipped_pretrained

    shipped = shipped_pretrained()
    if shipped is None:
        out("no shipped pretrained weights (models/<name>/pretrained.pdparams): the short run starts from "
            "random weights, so expect a CER near 100% and empty predictions - it shows the path works, not a model")
        return None, None
    _dictionary_note(shipped.model, data, out)
    cer = _cer(shipped.model, data, local_dir() / "eval" / f"demo-start-{shipped.name}")
    out(f"starting from the shipped {shipped.name} ({shipped.config}): CER {100 * cer:.2f}% on this test split")
    return shipped, cer


def _dictionary_note(model: Path, data: Path, out) -> None:
    ours = (data / "th_dict.txt").read_text(encoding="utf-8").splitlines()
    theirs = (model / "th_dict.txt").read_text(encoding="utf-8").splitlines()
    if ours != theirs:  # PaddleOCR loads every layer whose shape matches and skips the CTC head's rows
        out(f"note: the demo dictionary ({len(ours)} characters) differs from {model.name}'s ({len(theirs)}): "
            "PaddleOCR loads the matching layers and the output layer starts afresh")


def _cer(model: Path, data: Path, out_dir: Path) -> float:
    from thaiocr.evaluation.run import evaluate as run_eval

    return float(run_eval(model, data, split="test", out_dir=out_dir, progress=False)["engines"]["model"]["cer"])


def train(out, fine_tune: bool = False) -> str:
    from thaiocr.jobs import local_state
    from thaiocr.jobs.monitor import follow
    from thaiocr.jobs.submit import Overrides, submit

    overrides = Overrides(hyperparameters=dict(FINE_TUNE) if fine_tune else {})
    job = submit("local", out=out, overrides=overrides).job
    log = QuietLog(out)
    code = follow("local", job, out=log, plot=str(local_dir() / "jobs" / job / "metrics.png"))
    out(f"({log.hidden} lines of PaddleOCR's config dump and library warnings are in the job log: "
        f"{local_state.runner_log(job)})")
    if code != 0:
        raise UserError(f"the demo training job {job} did not complete",
                        hint=f"see its log above and {local_state.runner_log(job)}")
    return job


def evaluate(job: str, data: Path, out) -> tuple[Path, Path]:
    from thaiocr.evaluation.run import evaluate as run_eval
    from thaiocr.jobs.fetch import fetch

    model = fetch("local", job, out=out)
    report_dir = local_dir() / "eval" / f"demo-{job}-test"  # `make eval` writes <job>-test: both are kept
    baselines = ("tesseract",) if shutil.which("tesseract") else ()
    try:
        report = run_eval(model, data, split="test", baselines=baselines, out_dir=report_dir, progress=False)
    except UserError as exc:
        if not baselines:
            raise
        out(f"(Tesseract baseline skipped: {exc})")
        report = run_eval(model, data, split="test", out_dir=report_dir, progress=False)
    engines = dict(report["engines"])
    for name, e in engines.items():
        out(f"{name:>24}: CER {100 * e['cer']:.2f}%  line accuracy {100 * e['line_accuracy']:.2f}%"
            f"  {e['ms_per_line']:.1f} ms/line  ({e['lines']} lines)")
    return model, report_dir


def reached(report_dir: Path) -> float | None:
    import json

    try:
        return float(json.loads((report_dir / "report.json").read_text())["engines"]["model"]["cer"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def verdict(start: float | None, end: float | None) -> str:
    """One sentence on what the short run reached, so a CER of 100% is never a surprise."""
    if end is None:
        return "the short run finished; its figures are in the report"
    if start is None:
        return (f"the short run reached CER {100 * end:.2f}% from random weights: a few CPU minutes teach a "
                "model almost nothing - the point was the path, and the shipped model shows what training buys")
    change = "kept" if abs(end - start) < 0.02 else ("improved" if end < start else "moved")
    return (f"the short run started at CER {100 * start:.2f}% (the shipped weights) and reached {100 * end:.2f}%: "
            f"it {change} them - one CPU epoch proves fine-tuning works end to end, hours of it lower the CER")


def run(env: str = "local", *, count: int | None = None, out=print) -> int:
    if env != "local":
        raise UserError(f"the demo runs on the local stack only, not '{env}'",
                        hint=f"run 'make demo', then 'make train ENV={env}' for the real thing")
    _say(1, "Python packages and the PaddleOCR source", out)
    home = check_setup()
    out(f"PaddleOCR source: {describe_source(home)}")
    _say(2, "moto on 127.0.0.1 standing in for AWS", out)
    endpoint = start_stack()
    out(f"local stack: {endpoint}")
    _say(3, "bucket, ECR repository, role, log group (as Terraform names them)", out)
    apply_infra()
    _say(4, f"synthesise {count or DEMO_COUNT} lines, validate, upload", out)
    data = make_data(count or DEMO_COUNT, out)
    _say(5, "a short CPU training job through the SageMaker API: a smoke test of the path, not a model", out)
    shipped, start = starting_point(data, out)
    job = train(out, fine_tune=shipped is not None)
    _say(6, "the model on the test split, beside Tesseract", out)
    model, report = evaluate(job, data, out)
    out(f"\ndemo done: {verdict(start, reached(report))}.\n  model:   {model}\n  report:  {report / 'report.md'}\n"
        f"  metrics: {local_dir() / 'jobs' / job / 'metrics.png'}\n"
        f"the local stack ({endpoint}) is still running, so 'make monitor JOB={job}', 'make eval' and "
        "'make predict' work against it; 'make local-down' stops it.\n"
        "next: 'make train ENV=dev' with an AWS account")
    return 0
