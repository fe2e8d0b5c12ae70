from boto3.exceptions import S3UploadFailedError
from botocore.exceptions import NoCredentialsError

from thaiocr.aws.errors import as_user_error


def test_aws_mistakes_become_one_line_user_errors():
    assert "no AWS credentials" in str(as_user_error(NoCredentialsError()))
    err = as_user_error(S3UploadFailedError("Failed to upload a to b/k: An error occurred (403) when calling "
                                            "the PutObject operation: Forbidden"))
    assert str(err).startswith("S3 upload failed: An error occurred (403)") and "\n" not in str(err)
    assert as_user_error(ValueError("a bug stays a traceback")) is None


def _client_error(code, message, status, op):
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": code, "Message": message},
                        "ResponseMetadata": {"HTTPStatusCode": status}}, op)


def test_a_service_refusal_is_one_line_naming_the_call():
    err = str(as_user_error(_client_error("NoSuchBucket", "The specified bucket does not exist", 404, "PutObject")))
    assert err == "AWS PutObject failed: NoSuchBucket: The specified bucket does not exist"


def test_a_local_stand_ins_html_500_says_what_to_do():
    page = "<!doctype html>\n<html><title>500 Internal Server Error</title>"
    err = str(as_user_error(_client_error("500", page, 500, "PutImage")))
    assert "\n" not in err and "<" not in err
    assert err.startswith("AWS PutImage failed: HTTP 500") and "make infra ENV=local" in err


def test_local_image_registration_on_a_stack_that_lost_its_repository(local_env):
    import pytest

    from thaiocr.aws.session import client
    from thaiocr.errors import UserError
    from thaiocr.jobs.image import register_local

    ecr = client("ecr", "local")
    with pytest.raises(UserError, match="does not exist in the local stack.*make infra ENV=local"):
        register_local(ecr, "123456789012.dkr.ecr.us-east-1.amazonaws.com/never-created", "abc")
