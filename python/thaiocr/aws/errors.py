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
    sso_errors = tuple(getattr(bx, n) for n in ("TokenRetrievalError", "SSOTokenLoadError", "UnauthorizedSSOTokenError") if hasattr(bx, n))
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
    return None
