"""`make data ... INSTANCES=N`: preflight, then a sharded Processing job (ENV=local: N local subprocesses).

Preflight as for training, before any instance is asked for: the spec parses, the instance type is allowed,
N fits the env's ceiling and the spec's shard count, the worst case (price x max runtime x N) is under the
env's processing budget, the role and the image exist. A run whose dataset was already published (same
spec and seed) starts nothing and says where it is.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from thaiocr.errors import UserError
from thaiocr.processing import cost, plan, request
from thaiocr.processing import settings as settings_mod


class Refusal(UserError):
    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(f"preflight refused: {message}", hint=hint)


@dataclass(frozen=True)
class Prepared:
    job: str
    request: dict
    estimate: cost.Estimate
    run_uri: str


def check(settings, instances: int, units: int, unit_name: str) -> cost.Estimate:
    where = f"configs/envs/{settings.env}.yaml processing"
    if settings.instance_type not in settings.allowed_instance_types:
        raise Refusal(f"{settings.instance_type} is not allowed for processing in env '{settings.env}' (allowed: "
                      f"{', '.join(settings.allowed_instance_types) or 'none'})", hint=f"see {where}")
    if instances > settings.max_instances:
        raise Refusal(f"{instances} instances is more than env '{settings.env}' allows ({settings.max_instances})",
                      hint=f"lower INSTANCES or raise max_instances in {where}")
    if instances > units:
        raise Refusal(f"{instances} instances for {units} {unit_name}: some would have nothing to do",
                      hint=f"use at most {units} instances")
    est = cost.worst_case(settings.instance_type, instances, settings.max_runtime_hours)
    if est.worst_case_usd > settings.budget_usd:
        raise Refusal(f"worst case {est.describe()} exceeds the ${settings.budget_usd:g} processing budget of env "
                      f"'{settings.env}'", hint=f"fewer instances, or lower max_runtime_hours in {where}")
    return est


def _image(env: str, outputs, clients) -> str:
    from thaiocr.jobs import image
    from thaiocr.jobs.provenance import git_sha
    from thaiocr.jobs.settings import load as training_settings

    sha = git_sha()
    tag = training_settings(env).image_tag
    if env == "local":
        image.register_local(clients("ecr"), outputs.repository_url, tag or (sha or "local"))
    try:
        return image.find(clients("ecr"), outputs.repository_url, env, sha, tag)
    except UserError as exc:
        raise Refusal(str(exc)) from None


def prepare_synth(env: str, spec_path, *, count: int | None = None, seed: int | None = None,
                  instances: int | None = None) -> Prepared:
    import yaml

    from thaiocr.aws.session import client
    from thaiocr.envs import region
    from thaiocr.infra import outputs as infra_outputs
    from thaiocr.jobs import names, preflight
    from thaiocr.processing.store import RunStore
    from thaiocr.synth.generate import plan_shards
    from thaiocr.synth.spec import load_spec

    spec = load_spec(spec_path, count=count, seed=seed)  # a bad spec fails here, in one line
    settings = settings_mod.load(env)
    n = instances or settings.instance_count
    est = check(settings, n, len(plan_shards(spec)), f"shards of {spec.shard_size} lines")
    outputs = infra_outputs.load(env)
    clients = lambda service: client(service, env)  # noqa: E731
    preflight.check_role(clients("iam"), outputs.role_arn, env)
    image_uri = _image(env, outputs, clients)
    prefix = plan.synth_run_prefix(spec)
    run_uri = f"s3://{outputs.bucket}/{prefix}"
    raw = yaml.safe_load(open(spec_path, encoding="utf-8"))
    raw.update(count=spec.count, seed=spec.seed)
    RunStore(clients("s3"), outputs.bucket, prefix).put("input/spec.yaml", yaml.safe_dump(raw, allow_unicode=True,
                                                                                          sort_keys=False))
    job = names.job_name(f"data-{spec.name}")
    req = request.build(job_name=job, command="synth", settings=settings, instances=n, outputs=outputs,
                        image_uri=image_uri, run_uri=run_uri, region=region(env),
                        inputs=[request.s3_input("spec", run_uri + "input/")],
                        tags={"DatasetName": spec.name, "SpecKey": plan.spec_key(spec), "Lines": str(spec.count)})
    return Prepared(job, req, est, run_uri)


def published(env: str, run_uri: str) -> dict | None:
    from thaiocr.processing.monitor import _done

    return _done(env, run_uri)


def send(env: str, prepared: Prepared, *, out=print) -> str:
    from thaiocr.aws.session import client

    req, job = prepared.request, prepared.job
    if env == "local":
        from thaiocr.processing import local_state

        local_state.write_json(local_state.request_file(job), req)
    arn = client("sagemaker", env).create_processing_job(**req)["ProcessingJobArn"]
    n = req["ProcessingResources"]["ClusterConfig"]["InstanceCount"]
    if env == "local":
        from thaiocr.aws.session import local_endpoint
        from thaiocr.processing import local_runner

        pid = local_runner.start(job, local_endpoint(), arn)
        out(f"submitted {job} ({n} local subprocesses, runner pid {pid})")
    else:
        out(f"submitted {job} ({n} x {req['ProcessingResources']['ClusterConfig']['InstanceType']})")
    return job


def make_synth(env: str, spec_path, *, count=None, seed=None, instances=None, wait: bool = True,
               dry_run: bool = False, out=print) -> int:
    prepared = prepare_synth(env, spec_path, count=count, seed=seed, instances=instances)
    return _start(env, prepared, wait=wait, dry_run=dry_run, out=out)


def prepare_pdf(env: str, src: str, *, name: str, options: dict, instances: int | None = None) -> Prepared:
    """Preflight for an import of the PDFs under `src` (s3://<env bucket>/raw/...)."""
    import hashlib

    from thaiocr.aws.session import client
    from thaiocr.envs import region
    from thaiocr.infra import outputs as infra_outputs
    from thaiocr.jobs import names, preflight
    from thaiocr.jobs.dataset import split_s3
    from thaiocr.processing.pdf import OPTIONS_ENV

    settings = settings_mod.load(env)
    outputs = infra_outputs.load(env)
    bucket, prefix = split_s3(src, outputs.bucket)
    if bucket != outputs.bucket or not prefix.startswith(plan.PDF_READ_PREFIX):
        raise Refusal(f"{src} is outside s3://{outputs.bucket}/{plan.PDF_READ_PREFIX}, the only documents a "
                      f"Processing job may read", hint=f"copy them there: aws s3 sync DIR s3://{outputs.bucket}/"
                                                       f"{plan.PDF_READ_PREFIX}<folder>/")
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    s3 = client("s3", env)
    listing = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        listing += [(o["Key"], o["ETag"]) for o in page.get("Contents", []) if o["Key"].lower().endswith(".pdf")]
    if not listing:
        raise Refusal(f"no .pdf objects under s3://{bucket}/{prefix}")
    n = instances or min(settings.instance_count, len(listing))
    est = check(settings, n, len(listing), "PDFs")
    clients = lambda service: client(service, env)  # noqa: E731
    preflight.check_role(clients("iam"), outputs.role_arn, env)
    image_uri = _image(env, outputs, clients)
    options = {**options, "name": name}
    key = hashlib.sha256(json.dumps([options, sorted(listing)], sort_keys=True).encode()).hexdigest()[:16]
    run_uri = f"s3://{bucket}/{plan.run_prefix('pdf', name, key)}"
    job = names.job_name(f"data-pdf-{name}")
    req = request.build(job_name=job, command="import-pdf", settings=settings, instances=n, outputs=outputs,
                        image_uri=image_uri, run_uri=run_uri, region=region(env),
                        inputs=[request.s3_input("pdfs", f"s3://{bucket}/{prefix}", "ShardedByS3Key")],
                        tags={"DatasetName": name, "Documents": str(len(listing))})
    req["Environment"][OPTIONS_ENV] = json.dumps(options, sort_keys=True)
    return Prepared(job, req, est, run_uri)


def make_pdf(env: str, src: str, *, name: str, options: dict, instances=None, wait: bool = True,
             dry_run: bool = False, out=print) -> int:
    prepared = prepare_pdf(env, src, name=name, options=options, instances=instances)
    return _start(env, prepared, wait=wait, dry_run=dry_run, out=out)


def _start(env: str, prepared: Prepared, *, wait: bool, dry_run: bool, out=print) -> int:
    out(f"preflight ok: worst case {prepared.estimate.describe()}")
    done = published(env, prepared.run_uri)
    if done:
        out(f"already made: {done['uri']} (same inputs; nothing started)")
        return 0
    if dry_run:
        out(json.dumps(prepared.request, indent=2))
        return 0
    job = send(env, prepared, out=out)
    if not wait:
        out(f"follow it with 'make monitor ENV={env} JOB={job}'")
        return 0
    from thaiocr.aws.session import client
    from thaiocr.processing.monitor import follow

    return follow(env, job, sm=client("sagemaker", env), logs=client("logs", env), out=out)
