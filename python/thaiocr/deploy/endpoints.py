"""`make deploy|undeploy`: an approved model version behind the env's SageMaker endpoint.

Each deploy creates a new Model and EndpointConfig (named by version and time) and points the endpoint
at it: CreateEndpoint the first time, UpdateEndpoint after (SageMaker brings the new fleet up before
it drains the old: no downtime); then the old config and model are deleted and scaling re-applied.
`--async` does the same for `<endpoint>-async`, an asynchronous-inference endpoint (requests and
results in S3) that scales to zero instances when idle. ENV=local runs the same calls against the
local stack (which has no UpdateEndpoint: the record is recreated) and serves the model with
`thaiocr serve` on loopback."""
from __future__ import annotations

from datetime import datetime, timezone

from thaiocr.errors import UserError
from thaiocr.registry import packages


def endpoint_name(outputs, env: str, asynchronous: bool) -> str:
    base = getattr(outputs, "endpoint_name", None)
    if not base or not getattr(outputs, "endpoint_role_arn", None):
        raise UserError(f"env '{env}' has no endpoint role or name in its infrastructure outputs",
                        hint=f"run 'make infra ENV={env}'")
    return f"{base}-async" if asynchronous else base


def _check_image(ecr, image: str, env: str) -> None:
    repository, _, tag = image.rpartition(":")
    name = repository.split("/", 1)[-1]
    try:
        ecr.describe_images(repositoryName=name, imageIds=[{"imageTag": tag}])
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") not in ("ImageNotFoundException",
                                                                             "RepositoryNotFoundException"):
            raise
        raise UserError(f"the serving image {image} is not in ECR (env '{env}')",
                        hint=f"build docker/serve.Dockerfile at that commit and push it as {name}:{tag}") from None


def _exists(sm, endpoint: str) -> dict | None:
    try:
        return sm.describe_endpoint(EndpointName=endpoint)
    except Exception as exc:
        err = getattr(exc, "response", {}).get("Error", {})
        if err.get("Code") == "ValidationException" and "could not find" in err.get("Message", "").lower():
            return None
        raise


def _wait(sm, endpoint: str, env: str) -> None:
    if env == "local":
        return
    sm.get_waiter("endpoint_in_service").wait(EndpointName=endpoint, WaiterConfig={"Delay": 30, "MaxAttempts": 60})


def deploy(env: str, spec: str | None = None, *, asynchronous: bool = False, out=print) -> dict:
    from thaiocr.aws.session import client
    from thaiocr.deploy import scaling
    from thaiocr.deploy import settings as settings_mod
    from thaiocr.infra import outputs as infra_outputs

    outputs = infra_outputs.load(env)
    serving = settings_mod.load(env)
    sm = client("sagemaker", env)
    version = packages.resolve(sm, packages.group_name(outputs, env), spec or "approved")
    if version.status != packages.APPROVED:
        raise UserError(f"{version.label} is {version.status}: only an approved version is deployed",
                        hint=f"'make approve VERSION={version.version} REASON=...' first")
    endpoint = endpoint_name(outputs, env, asynchronous)
    if env != "local":  # a missing image fails the endpoint after minutes of Creating; say so now
        _check_image(client("ecr", env), version.image, env)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
    name = f"{endpoint}-{version.label}-{stamp}"[:63]
    tags = [{"Key": "ModelVersion", "Value": version.label}, {"Key": "ModelPackageArn", "Value": version.arn[:256]}]
    sm.create_model(ModelName=name, ExecutionRoleArn=outputs.endpoint_role_arn, Tags=tags,
                    PrimaryContainer={"Image": version.image, "ModelDataUrl": version.model_data_url,
                                      "Environment": {"THAIOCR_MODEL_WORKERS": str(serving.model_workers)}})
    variant = {"VariantName": scaling.VARIANT, "ModelName": name, "InitialInstanceCount":
               1 if asynchronous else serving.min_instances,
               "InstanceType": serving.async_.instance_type if asynchronous else serving.instance_type}
    config = {"EndpointConfigName": name, "ProductionVariants": [variant], "Tags": tags}
    if asynchronous:
        output = {"S3OutputPath": f"s3://{outputs.bucket}/async/output/{endpoint}/"}
        if outputs.kms_key_arn:
            output["KmsKeyId"] = outputs.kms_key_arn
        config["AsyncInferenceConfig"] = {"OutputConfig": output, "ClientConfig": {
            "MaxConcurrentInvocationsPerInstance": serving.async_.max_concurrent_invocations_per_instance}}
    sm.create_endpoint_config(**config)
    aas, cloudwatch = client("application-autoscaling", env), client("cloudwatch", env)
    current = _exists(sm, endpoint)
    if current is None:
        sm.create_endpoint(EndpointName=endpoint, EndpointConfigName=name, Tags=tags)
        action = "created"
    else:
        scaling.remove(aas, cloudwatch, endpoint)  # SageMaker refuses to update a variant that is a scalable target
        if env == "local":  # the local stack has no UpdateEndpoint; the loopback server swaps without a gap
            sm.delete_endpoint(EndpointName=endpoint)
            sm.create_endpoint(EndpointName=endpoint, EndpointConfigName=name, Tags=tags)
        else:
            sm.update_endpoint(EndpointName=endpoint, EndpointConfigName=name)
        action = f"updated from {current.get('EndpointConfigName')}"
    _wait(sm, endpoint, env)
    if asynchronous:
        scaling.apply(aas, cloudwatch, endpoint, minimum=0, maximum=serving.async_.max_instances,
                      policies=scaling.async_policies(endpoint, serving.async_))
    else:
        scaling.apply(aas, cloudwatch, endpoint, minimum=serving.min_instances, maximum=serving.max_instances,
                      policies=[scaling.realtime_policy(endpoint, serving)])
    if current is not None:
        _delete_config_and_model(sm, current.get("EndpointConfigName"))
    record = {"endpoint": endpoint, "version": version.label, "model_package_arn": version.arn,
              "endpoint_config": name, "asynchronous": asynchronous}
    if env == "local":
        from thaiocr.deploy import local_server
        from thaiocr.registry.scoring import model_dir

        port = serving.local_port + (1 if asynchronous else 0)
        record = local_server.start(endpoint, model_dir(env, version), preferred_port=port,
                                    workers=serving.model_workers, record=record)
        out(f"{endpoint}: {version.label} serving on {record['url']} (thaiocr serve on loopback)")
    bounds = (f"0..{serving.async_.max_instances} instances, scales to zero when idle" if asynchronous else
              f"{serving.min_instances}..{serving.max_instances} x {serving.instance_type}, target "
              f"{serving.target_invocations_per_instance:g} invocations/instance/min")
    out(f"endpoint {endpoint} {action}: {version.label} ({bounds})")
    return record


def _delete_config_and_model(sm, config_name: str | None) -> None:
    if not config_name:
        return
    try:
        models = [v["ModelName"] for v in sm.describe_endpoint_config(EndpointConfigName=config_name)
                  ["ProductionVariants"]]
        sm.delete_endpoint_config(EndpointConfigName=config_name)
    except Exception as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") != "ValidationException":
            raise
        return
    for model in models:
        try:
            sm.delete_model(ModelName=model)
        except Exception as exc:
            if getattr(exc, "response", {}).get("Error", {}).get("Code") != "ValidationException":
                raise


def undeploy(env: str, *, asynchronous: bool = False, out=print) -> bool:
    from thaiocr.aws.session import client
    from thaiocr.deploy import scaling
    from thaiocr.infra import outputs as infra_outputs

    endpoint = endpoint_name(infra_outputs.load(env), env, asynchronous)
    sm = client("sagemaker", env)
    current = _exists(sm, endpoint)
    stopped = False
    if env == "local":
        from thaiocr.deploy import local_server

        stopped = local_server.stop(endpoint)
    if current is None:
        out(f"endpoint {endpoint} is not deployed" + (" (its local server is stopped)" if stopped else ""))
        return False
    scaling.remove(client("application-autoscaling", env), client("cloudwatch", env), endpoint)
    sm.delete_endpoint(EndpointName=endpoint)
    _delete_config_and_model(sm, current.get("EndpointConfigName"))
    out(f"endpoint {endpoint} deleted, with its config, model and scaling")
    return True
