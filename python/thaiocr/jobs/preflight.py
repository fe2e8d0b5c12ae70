"""Checks that run before any money is spent. Each failure is one line saying what to run, so a job that
would fail in minute one (no image, no data, no role) or cost more than the env allows never starts."""
from __future__ import annotations

from dataclasses import dataclass

from thaiocr.errors import UserError
from thaiocr.jobs import cost, dataset, image
from thaiocr.paths import configs_dir, repo_root


class Refusal(UserError):
    """A preflight check said no."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(f"preflight refused: {message}", hint=hint)


@dataclass(frozen=True)
class Checked:
    """What preflight found, reused by the request so nothing is looked up twice."""

    image_uri: str
    dataset: dataset.DatasetRef
    manifest: dict
    estimate: cost.Estimate
    pretrained_uri: str | None


def training_configs() -> list[str]:
    folder = configs_dir() / "rec"
    return sorted(p.stem for p in folder.glob("*.yml")) if folder.is_dir() else []


def check_training_config(name: str) -> str:
    """The config name must exist here, where the entrypoint will look it up inside the image."""
    known = training_configs()
    if name not in known:
        listed = ", ".join(known) or "none yet"
        raise UserError(f"unknown training config '{name}'", hint=f"configs/rec/ has: {listed}")
    return name


def check_hyperparameters(settings, config: str):
    """The env's hyperparameters with --set/HP= overrides, parsed by the model the container uses
    (thaiocr.train.hyperparams.TrainParams): a typo fails here, not after a billed instance start."""
    from thaiocr.jobs.request import hyperparameter_strings
    from thaiocr.train.hyperparams import parse_hyperparameters

    return parse_hyperparameters(hyperparameter_strings({**settings.hyperparameters, "config": config}))


def check_instance_type(settings) -> None:
    if settings.instance_type not in settings.allowed_instance_types:
        allowed = ", ".join(settings.allowed_instance_types) or "none"
        raise Refusal(f"{settings.instance_type} is not allowed in env '{settings.env}' (allowed: {allowed})",
                      hint=f"pick one in configs/envs/{settings.env}.yaml training.instance_type")


def check_budget(settings) -> cost.Estimate:
    est = cost.worst_case(settings)
    if est.worst_case_usd > settings.budget_usd:
        raise Refusal(f"worst case {est.describe()} exceeds the ${settings.budget_usd:g} budget of env '{settings.env}'",
                      hint=f"lower max_runtime_hours/max_wait_hours or instance_count in configs/envs/{settings.env}.yaml")
    return est


def check_role(iam, role_arn: str, env: str) -> None:
    name = role_arn.rsplit("/", 1)[-1]
    try:
        iam.get_role(RoleName=name)
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") != "NoSuchEntity":
            raise
        raise Refusal(f"training role {name} does not exist in env '{env}'", hint=f"run 'make infra ENV={env}'") from None


def check_dataset(s3, bucket: str, settings, prefix: str | None) -> tuple[dataset.DatasetRef, dict]:
    ref = dataset.resolve(s3, bucket, settings.dataset, settings.env, prefix)
    found = dataset.manifest(s3, ref, settings.env)
    if found is None:
        raise Refusal(f"no manifest.json under {ref.uri} (missing or unfinished upload)",
                      hint=f"run 'make data ENV={settings.env}'")
    if settings.env == "local" and _manifest_only(s3, ref):
        from thaiocr.jobs.local_runner import find_local_dataset

        if find_local_dataset(found.get("content_hash")) is None:
            raise Refusal(f"{ref.uri} was registered with --manifest-only, and no dataset under .local/datasets "
                          f"has its content hash {str(found.get('content_hash'))[:16]} any more",
                          hint="synthesise it again with its spec, or upload it without --manifest-only")
    return ref, found


def _manifest_only(s3, ref: dataset.DatasetRef) -> bool:
    """A local registration without files: S3 holds the manifest and nothing else under the prefix."""
    listing = s3.list_objects_v2(Bucket=ref.bucket, Prefix=ref.prefix, MaxKeys=2)
    return all(obj["Key"] == ref.manifest_key for obj in listing.get("Contents", []))


def check_pretrained(s3, bucket: str, settings) -> str | None:
    if not settings.pretrained:
        return None
    key = f"pretrained/{settings.pretrained}.pdparams"
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except Exception as exc:
        if not dataset._is_missing(exc):
            raise
        models = repo_root() / "models"
        found = [d / settings.pretrained / "pretrained.pdparams" for d in (models, models / "wip")]
        shipped = next((f for f in found if f.is_file()), None)
        if shipped:  # a shipped model's training weights: the project's own Thai pretrained weights
            s3.upload_file(str(shipped), bucket, key)
            print(f"preflight: uploaded {shipped.relative_to(repo_root())} to s3://{bucket}/{key}", flush=True)
            return f"s3://{bucket}/{key}"
        raise Refusal(f"pretrained weights s3://{bucket}/{key} are missing",
                      hint=f"upload them with 'aws s3 cp <file>.pdparams s3://{bucket}/{key}'"
                           f" or set training.pretrained: null in configs/envs/{settings.env}.yaml") from None
    return f"s3://{bucket}/{key}"


def run(settings, outputs, *, sha: str | None, dataset_prefix: str | None, clients) -> Checked:
    """All checks, cheapest first; `clients(service)` gives a boto3 client for the env."""
    check_instance_type(settings)
    est = check_budget(settings)
    check_role(clients("iam"), outputs.role_arn, settings.env)
    try:
        image_uri = image.find(clients("ecr"), outputs.repository_url, settings.env, sha, settings.image_tag)
    except UserError as exc:
        raise Refusal(str(exc)) from None
    s3 = clients("s3")
    ref, found = check_dataset(s3, outputs.bucket, settings, dataset_prefix)
    pretrained_uri = check_pretrained(s3, outputs.bucket, settings)
    return Checked(image_uri=image_uri, dataset=ref, manifest=found, estimate=est, pretrained_uri=pretrained_uri)
