"""`make train BASE=approved|<version>`: the next version starts from a registered one. The base's
weights go in as the `pretrained` channel, its training dataset as the `replay` channel (the entrypoint
mixes `replay_fraction` of those lines into the new data, so the model keeps what it knew), and the
base's ARN rides in the job's Environment and tags, where `model register` finds it and runs the gate."""
from __future__ import annotations

from thaiocr.errors import UserError
from thaiocr.registry.register import BASE_ENV, BASE_TAG, REPLAY_ENV, REPLAY_TAG
from thaiocr.train import contract


def _exists(s3, uri: str, what: str, version: str) -> None:
    from thaiocr.jobs.dataset import split_s3

    bucket, key = split_s3(uri, "")
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
            raise
        raise UserError(f"base {version}'s {what} {uri} is missing") from None


def request_extension(env: str, spec: str):
    """A function that turns the ordinary CreateTrainingJob request into an incremental one."""
    from thaiocr.aws.session import client
    from thaiocr.infra import outputs as infra_outputs
    from thaiocr.jobs.request import s3_channel
    from thaiocr.registry import packages, settings

    sm, s3 = client("sagemaker", env), client("s3", env)
    version = packages.resolve(sm, packages.group_name(infra_outputs.load(env), env), spec)
    if version.status == packages.REJECTED:
        raise UserError(f"{version.label} was rejected ({version.approval_description}): not a base")
    weights = version.metadata.get("weights_uri")
    if not weights:
        raise UserError(f"{version.label} has no weights in the registry (its job left no checkpoint)")
    _exists(s3, weights, "weights", version.label)
    replay_uri = version.metadata.get("dataset_uri")
    fraction = settings.load(env).replay_fraction

    def extend(req: dict) -> dict:
        hyper = dict(req.get("HyperParameters") or {})
        share = float(hyper.get("replay_fraction", fraction))
        channels = [c for c in req.get("InputDataConfig", [])
                    if c["ChannelName"] not in (contract.PRETRAINED_CHANNEL, contract.REPLAY_CHANNEL)]
        channels.append(s3_channel(contract.PRETRAINED_CHANNEL, weights))
        hyper["pretrained"] = weights.rsplit("/", 1)[-1]
        if share > 0 and replay_uri:
            _exists(s3, replay_uri.rstrip("/") + "/manifest.json", "dataset", version.label)
            channels.append(s3_channel(contract.REPLAY_CHANNEL, replay_uri))
            hyper["replay_fraction"] = f"{share:g}"
        else:
            hyper.pop("replay_fraction", None)
        tags = [t for t in req.get("Tags", []) if t["Key"] not in (BASE_TAG, REPLAY_TAG, "BaseModelVersion")]
        tags += [{"Key": "BaseModelVersion", "Value": version.label}, {"Key": BASE_TAG, "Value": version.arn},
                 {"Key": REPLAY_TAG, "Value": f"{share:g}"}]
        return {**req, "InputDataConfig": channels, "HyperParameters": hyper, "Tags": tags,
                "Environment": {**(req.get("Environment") or {}), BASE_ENV: version.arn, REPLAY_ENV: f"{share:g}"}}

    extend.version = version  # for the caller's message
    return extend
