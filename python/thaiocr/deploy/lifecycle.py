"""`make lifecycle-demo`: the model lifecycle on the local stack, through the same code dev uses.

Train v1 (tiny CPU config) on a small synthetic set, register it, approve it; train v2 from v1 on new
data with replay, register it through the gate; compare both on the same test sets; approve and deploy
the better one to `thaiocr serve` on loopback, invoke it with a test line, undeploy. Sized for under
10 minutes on 2 CPU cores: 240-line datasets, 2 epochs each."""
from __future__ import annotations

import json
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import local_dir, repo_root

SPEC = "datasets/specs/th_lines_dev.yaml"
COUNT = 240
CONFIG = "th_cpu_tiny"
# from scratch (not the shipped model's weights, which ENV=local would start from): a predictable few minutes
HP = {"epochs": "2", "batch_size": "16", "eval_every": "1000", "cpu_trainers": "1", "pretrained": "none"}
GATE_MARGIN = 0.05  # two-epoch models are noisy; the env's own margin applies to real runs
STEPS = ("infra", "data", "train v1", "register + approve v1", "train v2 from v1", "register v2 (gate)",
         "compare", "deploy, invoke, undeploy")


def _say(i: int, text: str, out) -> None:
    out(f"\n== [{i}/{len(STEPS)}] {STEPS[i - 1]}: {text}")


def _datasets(out) -> dict[str, Path]:
    """The env's dataset for v1 and a second one (another seed and name) standing in for new documents."""
    import yaml

    from thaiocr.data.pipeline import make_dataset

    base = yaml.safe_load((repo_root() / SPEC).read_text(encoding="utf-8"))
    folder = local_dir() / "lifecycle"
    made = {}
    for name, seed in (("th_lines_dev", base.get("seed", 1234)), ("th_lines_new", 4321)):
        spec = folder / "specs" / f"{name}.yaml"
        spec.parent.mkdir(parents=True, exist_ok=True)
        spec.write_text(yaml.safe_dump({**base, "name": name, "seed": seed}, allow_unicode=True), encoding="utf-8")
        made[name] = folder / "datasets" / f"{name}-{COUNT}"
        if not (made[name] / "manifest.json").is_file():
            make_dataset(spec, made[name], "local", count=COUNT, progress=False)
        else:  # already made by an earlier run: upload is idempotent, so the pointer is refreshed cheaply
            from thaiocr.data.upload import upload_dataset

            upload_dataset(made[name], "local", progress=False)
        out(f"dataset {name}: {made[name]}")
    return made


def _train(out, base: str | None = None, dataset: str | None = None) -> str:
    from thaiocr.jobs.monitor import follow
    from thaiocr.jobs.submit import Overrides, submit

    extend = None
    if base:
        from thaiocr.registry.base import request_extension

        extend = request_extension("local", base)
    job = submit("local", config=CONFIG, out=out, extend=extend,
                 overrides=Overrides(dataset=dataset, hyperparameters=dict(HP))).job
    if follow("local", job, out=lambda *_: None) != 0:
        raise UserError(f"training job {job} did not complete", hint=f"see {local_dir() / 'jobs' / job / 'runner.log'}")
    from thaiocr.jobs.describe import describe

    metrics = {m["MetricName"]: m["Value"] for m in describe("local", job).get("FinalMetricDataList", [])}
    out(f"{job}: Completed, test CER {100 * metrics.get('test_cer', float('nan')):.2f}%")
    return job


def run(env: str = "local", *, out=print) -> int:
    if env != "local":
        raise UserError(f"the lifecycle demo runs on the local stack only, not '{env}'",
                        hint=f"the same steps for {env}: make train/register/approve/deploy ENV={env}")
    from thaiocr.infra.local import apply_local
    from thaiocr.registry import settings
    from thaiocr.registry.compare import compare
    from thaiocr.registry.gate import GateRefused
    from thaiocr.registry.listing import decide, list_versions
    from thaiocr.registry.register import register

    _say(1, "local stack, with the model package group and endpoint role", out)
    outputs = apply_local()
    out(f"model package group {outputs.model_package_group}, endpoint {outputs.endpoint_name}")
    _say(2, f"two {COUNT}-line datasets: the base data and 'new documents'", out)
    data = _datasets(out)
    _say(3, "tiny CPU model from scratch", out)
    job1 = _train(out)
    _say(4, "model package PendingManualApproval, then approved", out)
    v1 = register("local", job1, out=out)
    decide("local", str(v1.version), "Approved", "lifecycle demo: first version", out=out)
    _say(5, f"from v{v1.version}'s weights on th_lines_new, replaying {settings.load('local').replay_fraction:g} "
            "of v1's data", out)
    job2 = _train(out, base="approved", dataset="th_lines_new")
    _say(6, f"v2 against v1 on v1's test split (margin {GATE_MARGIN:g} CER for two-epoch models)", out)
    try:
        v2 = register("local", job2, out=out, margin=GATE_MARGIN)
    except GateRefused as exc:
        out(f"{exc}: v1 stays the one deployed")
        v2 = None
    list_versions("local", out=out)
    if v2 is not None:
        _say(7, f"v{v1.version} and v{v2.version} on the same test sets", out)
        compare("local", str(v1.version), str(v2.version), out=out)
        decide("local", str(v2.version), "Approved", "lifecycle demo: passed the gate", out=out)
    chosen = v2 or v1
    _say(8, f"v{chosen.version} behind the local endpoint", out)
    from thaiocr.deploy.endpoints import deploy, undeploy
    from thaiocr.deploy.invoke import invoke

    deploy("local", str(chosen.version), out=out)
    test_line = (data["th_lines_new"] / "rec" / "rec_gt_test.txt").read_text(encoding="utf-8").splitlines()[0]
    image, text = test_line.split("\t", 1)
    answer = invoke("local", str(data["th_lines_new"] / "rec" / image), out=lambda *_: None)
    out(f"invoked with {image} (label {text!r}): {json.dumps(json.loads(answer), ensure_ascii=False)[:300]}")
    undeploy("local", out=out)
    out("\nlifecycle demo done: 'make models' lists the versions; the same targets work with ENV=dev.\n"
        "Two epochs teach a model little (from scratch it reads next to nothing): the demo shows the mechanics; "
        "the CER is whatever the short runs reach.")
    return 0
