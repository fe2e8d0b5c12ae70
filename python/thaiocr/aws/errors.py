"""Turn AWS exceptions that are the user's to fix into one-line UserErrors."""
from __future__ import annotations

from thaiocr.errors import UserError


def as_user_error(exc: BaseException) -> UserError | None:
    try:
        from botocore import exceptions as bx
    except ImportError:  # pragma: no cover
        return None
    if isinstance(exc, (bx.NoCredentialsError, bx.PartialCredentialsError)):
        return UserError("no AWS credentials found", hint="set AWS_PROFILE or run 'aws sso login', or use ENV=local")
    if isinstance(exc, bx.ProfileNotFound):
        return UserError(str(exc), hint="check AWS_PROFILE")
    sso_names = ("TokenRetrievalError", "SSOTokenLoadError", "UnauthorizedSSOTokenError")
    sso_errors = tuple(getattr(bx, n) for n in sso_names if hasattr(bx, n))
    if isinstance(exc, sso_errors):
        return UserError("AWS SSO session expired", hint="run 'aws sso login'")
    if isinstance(exc, bx.EndpointConnectionError):
        return UserError(f"cannot reach AWS endpoint {exc.kwargs.get('endpoint_url', '')}",
                         hint="for ENV=local run 'make local-up'")
    from boto3.exceptions import S3UploadFailedError  # a transfer's ClientError arrives wrapped in this

    if isinstance(exc, S3UploadFailedError):
        return UserError(f"S3 upload failed: {str(exc).split(': ', 1)[-1]}", hint="check the bucket policy and credentials")
    if isinstance(exc, bx.ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code in {"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
                    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation"}:
            msg = exc.response.get("Error", {}).get("Message", code)
            return UserError(f"AWS refused the request: {code}: {msg}", hint="check your credentials and role")
        return _service_error(exc, code)
    return None


def _service_error(exc, code: str) -> UserError:
    """Any other refusal is about the user's resources or input (a missing bucket, a quota, a name in use):
    one line naming the call and AWS's reason beats a botocore traceback."""
    err = exc.response.get("Error", {})
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    msg = " ".join(str(err.get("Message") or "").split())
    if not msg or msg.startswith("<"):  # an HTML error page (a local stand-in's 500) says nothing useful
        msg = f"HTTP {status}" if status else "no reason given"
    op = getattr(exc, "operation_name", "") or "request"
    what = f"{code}: {msg}" if code and not code.isdigit() else msg
    hint = "for ENV=local, 'make infra ENV=local' recreates what a restarted stack lost" if status and status >= 500 else None
    return UserError(f"AWS {op} failed: {what[:300]}", hint=hint)
