from boto3.exceptions import S3UploadFailedError
from botocore.exceptions import NoCredentialsError

from thaiocr.aws.errors import as_user_error


def test_aws_mistakes_become_one_line_user_errors():
    assert "no AWS credentials" in str(as_user_error(NoCredentialsError()))
    err = as_user_error(S3UploadFailedError("Failed to upload a to b/k: An error occurred (403) when calling "
                                            "the PutObject operation: Forbidden"))
    assert str(err).startswith("S3 upload failed: An error occurred (403)") and "\n" not in str(err)
    assert as_user_error(ValueError("a bug stays a traceback")) is None
