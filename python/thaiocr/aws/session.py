"""boto3 clients per environment: the same code paths for local (moto), dev and prod."""
from __future__ import annotations

import os
from functools import lru_cache

from thaiocr.envs import check_env, region

LOCAL_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "aws_session_token": "testing"}


def local_endpoint() -> str:
    """The moto server URL: THAIOCR_LOCAL_ENDPOINT (tests), else the on-demand local stack."""
    url = os.environ.get("THAIOCR_LOCAL_ENDPOINT")
    if url:
        return url
    from thaiocr.aws import local_stack

    return local_stack.ensure_running()


@lru_cache(maxsize=None)
def _client(service: str, env: str, endpoint: str | None, region_name: str):
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 8, "mode": "adaptive"}, max_pool_connections=32)
    kwargs = dict(region_name=region_name, config=config)
    if endpoint:
        kwargs.update(endpoint_url=endpoint, **LOCAL_CREDENTIALS)
    return boto3.session.Session().client(service, **kwargs)


def client(service: str, env: str):
    """A boto3 client for `service` in `env`; cached per endpoint so local stack restarts are picked up."""
    check_env(env)
    endpoint = local_endpoint() if env == "local" else None
    return _client(service, env, endpoint, region(env))
