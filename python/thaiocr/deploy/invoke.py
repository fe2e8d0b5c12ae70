"""`make invoke FILE=...`: one request to the env's endpoint, printed as the server answers it.
Real-time: InvokeEndpoint (ENV=local: POST /invocations on the loopback server). Asynchronous: the file
goes to `s3://<bucket>/async/input/`, InvokeEndpointAsync names it, and the result lands under the
endpoint's S3 output path (ENV=local: the loopback server answers, the result is written there too)."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from thaiocr.errors import UserError

TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".json": "application/json",
         ".pdf": "application/pdf"}


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix.lower())
    if kind is None:
        raise UserError(f"{path.name}: send a {', '.join(TYPES)} file")
    return kind


def _local_post(url: str, body: bytes, kind: str) -> bytes:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(f"{url}/invocations", data=body, headers={"Content-Type": kind}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.read()
    except urllib.error.HTTPError as exc:
        raise UserError(f"the endpoint answered {exc.code}: {exc.read().decode('utf-8', 'replace')[:300]}") from None
    except OSError as exc:
        raise UserError(f"the local endpoint at {url} does not answer ({exc})", hint="run 'make deploy ENV=local'") from None


def invoke(env: str, file: str, *, asynchronous: bool = False, out=print) -> str:
    from thaiocr.aws.session import client
    from thaiocr.deploy.endpoints import endpoint_name
    from thaiocr.infra import outputs as infra_outputs

    path = Path(file)
    if not path.is_file():
        raise UserError(f"no such file: {file}")
    kind, body = content_type(path), path.read_bytes()
    outputs = infra_outputs.load(env)
    endpoint = endpoint_name(outputs, env, asynchronous)
    if env == "local":
        from thaiocr.deploy import local_server

        state = local_server.read(endpoint)
        if not state:
            raise UserError(f"endpoint {endpoint} is not deployed", hint="run 'make deploy ENV=local'")
        answer = _local_post(state["url"], body, kind)
        if asynchronous:
            key = f"async/output/{endpoint}/{uuid.uuid4().hex}.out"
            client("s3", env).put_object(Bucket=outputs.bucket, Key=key, Body=answer)
            out(f"result at s3://{outputs.bucket}/{key}")
        text = answer.decode("utf-8", "replace")
        out(text)
        return text
    if asynchronous:
        key = f"async/input/{endpoint}/{uuid.uuid4().hex}{path.suffix.lower()}"
        client("s3", env).put_object(Bucket=outputs.bucket, Key=key, Body=body, ContentType=kind)
        res = client("sagemaker-runtime", env).invoke_endpoint_async(
            EndpointName=endpoint, InputLocation=f"s3://{outputs.bucket}/{key}", ContentType=kind)
        out(f"queued {res.get('InferenceId', '')}: result at {res.get('OutputLocation')}")
        return res.get("OutputLocation", "")
    res = client("sagemaker-runtime", env).invoke_endpoint(EndpointName=endpoint, ContentType=kind,
                                                           Accept="application/json", Body=body)
    text = res["Body"].read().decode("utf-8", "replace")
    try:
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except ValueError:
        pass
    out(text)
    return text
