"""`thaiocr train submit`: settings + infra outputs + preflight -> CreateTrainingJob. For ENV=local the
same request goes to the local stack and the local runner plays the training instance."""
from __future__ import annotations

import json
from dataclasses import dataclass

from thaiocr.jobs import local_state, names, preflight, request, settings as settings_mod
from thaiocr.jobs.provenance import git_sha


@dataclass(frozen=True)
class Submitted:
    job: str
    request: dict
    checked: preflight.Checked
    sent: bool


def prepare(env: str, *, config: str | None = None, dataset_prefix: str | None = None,
            job_name: str | None = None) -> tuple[dict, preflight.Checked]:
    """Everything up to (not including) spending money: the checked request."""
    from thaiocr.aws.session import client
    from thaiocr.infra import outputs as infra_outputs

    settings = settings_mod.load(env)
    config = preflight.check_training_config(config or settings.config)
    outputs = infra_outputs.load(env)
    sha = git_sha()
    clients = lambda service: client(service, env)  # noqa: E731
    if env == "local":
        from thaiocr.jobs import image

        image.register_local(clients("ecr"), outputs.repository_url, settings.image_tag or (sha or "local"))
    checked = preflight.run(settings, outputs, sha=sha, dataset_prefix=dataset_prefix, clients=clients)
    name = job_name or names.job_name(config)
    req = request.build(job_name=name, settings=settings, outputs=outputs, checked=checked, config=config, sha=sha)
    return req, checked


def submit(env: str, *, config: str | None = None, dataset_prefix: str | None = None, dry_run: bool = False,
           out=print) -> Submitted:
    req, checked = prepare(env, config=config, dataset_prefix=dataset_prefix)
    job = req["TrainingJobName"]
    out(f"preflight ok: image {checked.image_uri}")
    out(f"preflight ok: dataset {checked.dataset.uri} ({_counts(checked.manifest)})")
    out(f"preflight ok: worst case {checked.estimate.describe()}")
    if dry_run:
        out(json.dumps(req, indent=2))
        return Submitted(job, req, checked, sent=False)
    from thaiocr.aws.session import client

    if env == "local":
        local_state.write_json(local_state.request_file(job), req)
    arn = client("sagemaker", env).create_training_job(**req)["TrainingJobArn"]
    if env == "local":
        from thaiocr.aws.session import local_endpoint
        from thaiocr.jobs import local_runner

        pid = local_runner.start(job, local_endpoint(), arn)
        out(f"submitted {job} (local runner pid {pid}, files in {local_state.job_dir(job)})")
    else:
        out(f"submitted {job} ({req['ResourceConfig']['InstanceType']}"
            f"{', spot' if req['EnableManagedSpotTraining'] else ''})")
    return Submitted(job, req, checked, sent=True)


def _counts(manifest: dict) -> str:
    counts = manifest.get("counts") or {}
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "manifest found"
