"""`thaiocr train submit`: settings + infra outputs + preflight -> CreateTrainingJob. For ENV=local the
same request goes to the local stack and the local runner plays the training instance."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from thaiocr.jobs import local_state, names, preflight, request
from thaiocr.jobs import settings as settings_mod
from thaiocr.jobs.provenance import git_sha


@dataclass(frozen=True)
class Overrides:
    """One-off changes to the env's training block, from the command line (`make train HP=... DATASET=...`)."""

    dataset: str | None = None
    hyperparameters: dict[str, str] = field(default_factory=dict)
    max_runtime_hours: float | None = None

    @property
    def no_pretrained(self) -> bool:
        """`HP=pretrained=none`: train without pretrained weights, even where the env or ENV=local has some."""
        return str(self.hyperparameters.get("pretrained", "x")).strip().lower() in NO_PRETRAINED

    def apply(self, settings):
        changes: dict = {}
        if self.dataset:
            changes["dataset"] = self.dataset
        hyper = {k: v for k, v in self.hyperparameters.items() if not (k == "pretrained" and self.no_pretrained)}
        if hyper:
            changes["hyperparameters"] = {**settings.hyperparameters, **hyper}
        if self.no_pretrained:
            changes["pretrained"] = None
        if self.max_runtime_hours:
            changes["max_runtime_seconds"] = int(self.max_runtime_hours * 3600)
        return replace(settings, **changes) if changes else settings


NO_PRETRAINED = {"none", "null", "off", "false", ""}


def local_pretrained(settings, config: str | None, overrides: "Overrides"):
    """ENV=local without pretrained weights of its own starts from the shipped model's
    (models/<name>/pretrained.pdparams, its config with it), unless HP=pretrained=none or another --config."""
    if settings.env != "local" or settings.pretrained or overrides.no_pretrained:
        return settings, config
    from thaiocr.evaluation.model_source import shipped_pretrained

    shipped = shipped_pretrained()
    if shipped is None or not shipped.config or (config and config != shipped.config):
        return settings, config
    return replace(settings, pretrained=shipped.name, config=shipped.config), shipped.config


def parse_set(items: list[str] | None) -> dict[str, str]:
    """`KEY=VALUE` pairs; values stay strings, as SageMaker passes them (the entrypoint validates them)."""
    from thaiocr.errors import UserError

    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--set {item!r}: expected KEY=VALUE, e.g. --set epochs=10")
        out[key.strip()] = value.strip()
    return out


@dataclass(frozen=True)
class Submitted:
    job: str
    request: dict
    checked: preflight.Checked
    sent: bool


def prepare(env: str, *, config: str | None = None, dataset_prefix: str | None = None,
            job_name: str | None = None, overrides: Overrides | None = None) -> tuple[dict, preflight.Checked]:
    """Everything up to (not including) spending money: the checked request."""
    from thaiocr.aws.session import client
    from thaiocr.infra import outputs as infra_outputs

    overrides = overrides or Overrides()
    settings, config = local_pretrained(overrides.apply(settings_mod.load(env)), config, overrides)
    config = preflight.check_training_config(config or settings.config)
    preflight.check_hyperparameters(settings, config)  # the container's own model, before any AWS call
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
           out=print, overrides: Overrides | None = None, extend=None) -> Submitted:
    """`extend(request) -> request`: a caller's additions, e.g. an incremental run's base (thaiocr.registry.base)."""
    req, checked = prepare(env, config=config, dataset_prefix=dataset_prefix, overrides=overrides)
    req = extend(req) if extend else req
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
