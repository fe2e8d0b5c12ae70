"""User mistakes end in one line on stderr and exit 2, never a traceback."""
import pytest

from thaiocr.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    return code, err


def test_unknown_env(capsys):
    code, err = run(capsys, "train", "submit", "--env", "staging")
    assert code == 2 and "unknown env 'staging'" in err


def test_unknown_config(capsys, local_stack, local_infra, known_configs):
    code, err = run(capsys, "train", "submit", "--env", "local", "--config", "th_nope")
    assert code == 2 and err.count("\n") == 0 and "unknown training config 'th_nope'" in err


def test_missing_dataset(capsys, local_infra, known_configs):
    code, err = run(capsys, "train", "submit", "--env", "local")
    assert code == 2 and err == ("thaiocr: error: dataset 'th_lines_dev' has not been uploaded to "
                                 "s3://thai-ocr-local-data/ in env 'local' (run 'make data ENV=local')")


def test_no_infra_yet(capsys, local_stack, known_configs):
    code, err = run(capsys, "train", "submit", "--env", "local", "--dry-run")
    assert code == 2 and "make infra ENV=local" in err


def test_unknown_job(capsys, local_infra):
    for argv in (["monitor", "--env", "local", "--job", "thaiocr-nope"],
                 ["train", "fetch-model", "--env", "local", "--job", "thaiocr-nope"],
                 ["train", "stop", "--env", "local", "--job", "thaiocr-nope"]):
        code, err = run(capsys, *argv)
        assert code == 2 and "no training job 'thaiocr-nope' in env 'local'" in err, argv


def test_no_jobs_yet_and_no_job_given(capsys, local_infra):
    code, err = run(capsys, "monitor", "--env", "local")
    assert code == 2 and "make train ENV=local" in err
    code, err = run(capsys, "train", "stop", "--env", "local", "--job")
    assert code == 2 and "which job?" in err


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_no_credentials_for_cloud_envs(capsys, monkeypatch, tmp_path, env):
    from thaiocr.aws import session

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    session._client.cache_clear()
    try:
        code, err = run(capsys, "monitor", "--env", env, "--job", "thaiocr-x")
    finally:
        session._client.cache_clear()
    assert code == 2 and "no AWS credentials found" in err


def test_dry_run_prints_the_request_and_starts_nothing(capsys, aws, local_infra, uploaded_dataset, known_configs):
    code = main(["train", "submit", "--env", "local", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and '"TrainingJobName": "thaiocr-th-cpu-tiny-' in out and "preflight ok: worst case" in out
    assert aws("sagemaker").list_training_jobs()["TrainingJobSummaries"] == []
