"""`thaiocr model register --job J`: a finished job's model as a new version in the env's model package
group, PendingManualApproval, with its figures (the job's metrics.json, the real-document set) and its
record (dataset hash, config, git SHA, base and gate verdict). A job trained from a base version is
registered only if the gate passes."""
from __future__ import annotations

import json
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.registry import packages

BASE_ENV = "THAIOCR_BASE_MODEL"  # in the job's Environment: the package ARN it was trained from
REPLAY_ENV = "THAIOCR_REPLAY_FRACTION"
BASE_TAG, REPLAY_TAG = "BaseModelArn", "ReplayFraction"  # the same, as job tags (DescribeTrainingJob may omit Environment)
SERVE_TAG_PREFIX = "serve-"  # serving images share the training repository, tagged serve-<git sha>
CONTENT_TYPES = ["image/png", "image/jpeg", "application/json"]
REALTIME_TYPES = ["ml.m5.large", "ml.m5.xlarge", "ml.c5.large", "ml.c5.xlarge", "ml.g4dn.xlarge"]


def _s(value) -> str:
    return "" if value is None else str(value)[:256]


def _cer(metrics: dict) -> float | None:
    value = metrics.get("cer", metrics.get("test_cer"))
    return float(value) if value is not None else None


def _job_tags(sm, arn: str) -> dict[str, str]:
    try:
        return {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn).get("Tags", [])}
    except Exception:  # tags are a record, not a requirement
        return {}


def _copy_weights(s3, bucket: str, job: str, model: Path) -> str | None:
    """The weights the exported model came from (the model dir's pretrained.pdparams, else the job's best or
    latest checkpoint) to pretrained/registry/<job>.pdparams: the `pretrained` channel of the next run."""
    target = f"pretrained/registry/{job}.pdparams"
    if (model / "pretrained.pdparams").is_file():
        s3.upload_file(str(model / "pretrained.pdparams"), bucket, target)
        return f"s3://{bucket}/{target}"
    for name in ("best_accuracy", "latest"):
        key = f"checkpoints/{job}/{name}.pdparams"
        try:
            s3.head_object(Bucket=bucket, Key=key)
        except Exception as exc:
            if getattr(exc, "response", {}).get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                continue
            raise
        s3.copy_object(Bucket=bucket, Key=target, CopySource={"Bucket": bucket, "Key": key})
        return f"s3://{bucket}/{target}"
    return None


def register(env: str, job: str | None, *, out=print, margin: float | None = None):
    """`margin`: the gate's, instead of the env's registry.gate_margin (the lifecycle demo's tiny models)."""
    from thaiocr.aws.session import client
    from thaiocr.infra import outputs as infra_outputs
    from thaiocr.jobs import describe as describe_mod
    from thaiocr.jobs.fetch import fetch
    from thaiocr.jobs.provenance import git_sha
    from thaiocr.registry import settings as settings_mod
    from thaiocr.registry import testsets

    outputs = infra_outputs.load(env)
    group = packages.group_name(outputs, env)
    sm, s3 = client("sagemaker", env), client("s3", env)
    job = describe_mod.resolve_job(env, job, sm)
    desc = describe_mod.describe(env, job, sm=sm)
    model_uri = (desc.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
    if desc.get("TrainingJobStatus") != "Completed" or not model_uri:
        raise UserError(f"job {job} is {desc.get('TrainingJobStatus')}: only a Completed job with a model can be "
                        "registered", hint=f"follow it with 'make monitor ENV={env} JOB={job}'")
    for v in packages.versions(sm, group):
        if v.metadata.get("job") == job:
            raise UserError(f"job {job} is already registered as {v.label} ({v.status})")
    model = fetch(env, job, out=lambda *_: None)
    metrics = _read(model / "metrics.json")
    manifest = _read(model / "manifest.json")
    reg = settings_mod.load(env)
    real = testsets.real_documents(env, reg.real_documents)
    environment = desc.get("Environment") or {}
    tags = _job_tags(sm, desc.get("TrainingJobArn", ""))
    sha = tags.get("GitSha") or git_sha() or "unknown"

    record = {"metrics": metrics, "real_documents": None, "gate": None}
    meta = {"job": job, "config": (desc.get("HyperParameters") or {}).get("config"), "git_sha": sha,
            "dataset_name": manifest.get("name"), "dataset_hash": manifest.get("content_hash"),
            "dataset_uri": next((c["DataSource"]["S3DataSource"]["S3Uri"] for c in desc.get("InputDataConfig", [])
                                 if c.get("ChannelName") == "training"), None),
            "test_cer": _cer(metrics), "test_line_accuracy": metrics.get("line_accuracy", metrics.get("test_line_acc")),
            "test_lines": metrics.get("lines")}
    base_arn = environment.get(BASE_ENV) or tags.get(BASE_TAG)
    if base_arn:
        verdict = _gate(env, sm, base_arn, model, real, reg.gate_margin if margin is None else margin, out)
        record["gate"] = verdict.as_dict()
        meta.update(base_version=verdict.base, base_arn=base_arn, gate=verdict.summary(),
                    replay_fraction=environment.get(REPLAY_ENV) or tags.get(REPLAY_TAG))
        if real is not None:
            meta.update(real_cer=verdict.rows[-1].new_cer)
        if not verdict.passed:
            _keep_refusal(env, job, record)
            from thaiocr.registry.gate import GateRefused

            raise GateRefused(f"gate refused {job}: {verdict.summary()}", hint="not registered")
    elif real is not None:
        from thaiocr.registry import scoring

        meta["real_cer"] = scoring.cer(model, real.local(env))
    if real is not None:
        record["real_documents"] = {"name": real.name, "content_hash": real.content_hash, "cer": meta["real_cer"]}
        meta["real_dataset"] = f"{real.name}@{real.content_hash[:8]}"

    meta["weights_uri"] = _copy_weights(s3, outputs.bucket, job, model)
    evaluation_key = f"registry/{job}/evaluation.json"
    s3.put_object(Bucket=outputs.bucket, Key=evaluation_key, ContentType="application/json",
                  Body=json.dumps(record, indent=2, ensure_ascii=False).encode())
    meta["evaluation_uri"] = f"s3://{outputs.bucket}/{evaluation_key}"
    image = f"{outputs.serve_repository_url}:{SERVE_TAG_PREFIX}{sha}" if getattr(outputs, "serve_repository_url", None) else ""
    if not image:
        raise UserError(f"env '{env}' has no serve image repository in its outputs", hint=f"run 'make infra ENV={env}'")
    arn = sm.create_model_package(
        ModelPackageGroupName=group,
        ModelPackageDescription=f"{job}: {meta['config']} on {meta['dataset_name']}"[:1024],
        ModelApprovalStatus=packages.PENDING,
        InferenceSpecification={
            "Containers": [{"Image": image, "ModelDataUrl": model_uri, "Environment": {"THAIOCR_MODEL_WORKERS": "1"}}],
            "SupportedContentTypes": CONTENT_TYPES, "SupportedResponseMIMETypes": ["application/json"],
            "SupportedRealtimeInferenceInstanceTypes": REALTIME_TYPES,
            "SupportedTransformInstanceTypes": REALTIME_TYPES},
        ModelMetrics={"ModelQuality": {"Statistics": {"ContentType": "application/json",
                                                      "S3Uri": meta["evaluation_uri"]}}},
        MetadataProperties={"CommitId": sha[:1024], "Repository": "thai-ocr", "GeneratedBy": desc.get("TrainingJobArn", job)},
        CustomerMetadataProperties={k: _s(v) for k, v in meta.items() if v is not None},
    )["ModelPackageArn"]
    version = packages.describe(sm, arn)
    out(f"registered {job} as {version.label} of {group} ({version.status}); "
        f"test CER {_pct(meta['test_cer'])}" + (f", real-document CER {_pct(meta.get('real_cer'))}" if real else "")
        + (f"; gate {meta['gate']}" if base_arn else ""))
    return version


def _gate(env, sm, base_arn, model: Path, real, margin, out):
    from thaiocr.registry import gate, scoring, testsets

    base = packages.describe(sm, base_arn)
    sets = {}
    own = testsets.of_version(base)
    if own is not None:
        sets[f"base test {own.key}"] = own.local(env)
    if real is not None:
        sets[f"real {real.name}"] = real.local(env)
    out(f"gate: {model.name} against {base.label} on {', '.join(sets) or 'nothing'} (margin {margin:g} CER)")
    return gate.judge(base.label, scoring.model_dir(env, base), model, sets, margin)


def _keep_refusal(env: str, job: str, record: dict) -> None:
    from thaiocr.paths import local_dir

    path = local_dir() / "registry" / env / "refused" / f"{job}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except ValueError:
        raise UserError(f"{path} is not valid JSON") from None


def _pct(value) -> str:
    try:
        return f"{100 * float(value):.2f}%"
    except (TypeError, ValueError):
        return "-"
