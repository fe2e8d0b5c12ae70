"""What POST /invocations accepts, as a pure function of content type and body, so each bad request
maps to one clear 4xx here and the HTTP layer stays thin.

Accepted: raw `image/png` / `image/jpeg` (also `application/x-image`, SageMaker's built-in algorithms'
name) bytes, or `application/json` with `{"image_base64": ...}`, `{"s3_uri": ...}`, or a batch as
`{"instances": [...]}` or a bare list of such objects.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

import numpy as np

from thaiocr.errors import UserError

IMAGE_TYPES = ("image/png", "image/jpeg", "image/jpg", "application/x-image")
JSON_TYPES = ("application/json",)


class HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_body: int = 6 * 1024 * 1024  # SageMaker real-time endpoints cap a request at 6 MB
    max_batch: int = 32
    allow_s3: bool = True


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def parse_invocation(content_type: str | None, body: bytes, limits: Limits,
                     env: str | None = "local") -> list[np.ndarray]:
    from thaiocr.evaluation.images import decode_image

    kind = media_type(content_type)
    if kind in IMAGE_TYPES:
        return [_decode(decode_image, body, "body")]
    if kind not in JSON_TYPES:
        raise HTTPError(415, f"unsupported content type '{kind or 'none'}': send image/png, image/jpeg "
                             "or application/json")
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HTTPError(400, f"body is not valid JSON ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if isinstance(doc, dict) and "instances" in doc:
        items = doc["instances"]
        if not isinstance(items, list):
            raise HTTPError(400, "'instances' must be a list")
    elif isinstance(doc, list):
        items = doc
    elif isinstance(doc, dict):
        items = [doc]
    else:
        raise HTTPError(400, "expected a JSON object with image_base64 or s3_uri, or a list of them")
    if not items:
        raise HTTPError(400, "empty batch")
    if len(items) > limits.max_batch:
        raise HTTPError(413, f"batch of {len(items)} images is over the limit of {limits.max_batch}")
    return [_instance(decode_image, item, i, limits, env) for i, item in enumerate(items)]


def _instance(decode_image, item, i: int, limits: Limits, env: str | None) -> np.ndarray:
    where = f"instance {i}"
    if not isinstance(item, dict):
        raise HTTPError(400, f"{where}: expected an object with image_base64 or s3_uri")
    keys = [k for k in ("image_base64", "s3_uri") if k in item]
    if len(keys) != 1:
        raise HTTPError(400, f"{where}: give exactly one of image_base64 or s3_uri")
    value = item[keys[0]]
    if not isinstance(value, str) or not value:
        raise HTTPError(400, f"{where}: {keys[0]} must be a non-empty string")
    if keys[0] == "image_base64":
        return _decode(decode_image, _b64(value, where), where)
    if not limits.allow_s3:
        raise HTTPError(400, f"{where}: s3_uri is disabled on this server")
    if not value.startswith("s3://"):
        raise HTTPError(400, f"{where}: s3_uri must start with s3://")
    from thaiocr.evaluation.model_source import read_s3_bytes

    try:
        data = read_s3_bytes(value, env, max_bytes=limits.max_body)
    except UserError as exc:
        status = 413 if "over the limit" in str(exc) else 400
        raise HTTPError(status, f"{where}: {exc}") from None
    return _decode(decode_image, data, f"{where} ({value})")


def _b64(value: str, where: str) -> bytes:
    if value.startswith("data:") and "," in value:  # a data URL, as browsers make them
        value = value.split(",", 1)[1]
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise HTTPError(400, f"{where}: image_base64 is not valid base64") from None


def _decode(decode_image, data: bytes, where: str) -> np.ndarray:
    try:
        return decode_image(data, where)
    except UserError as exc:
        status = 413 if "over the limit" in str(exc) else 400
        raise HTTPError(status, str(exc)) from None
