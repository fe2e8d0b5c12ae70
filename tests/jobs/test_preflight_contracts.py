"""A bad hyperparameter, an unknown key and a bad env field each fail in one line before any AWS call."""
import pytest

from thaiocr.cli import main


@pytest.fixture
def no_aws(monkeypatch):
    """Any boto3 client or infra lookup is a test failure: these refusals must come first."""
    def refuse(*a, **k):
        raise AssertionError("an AWS call was made before the refusal")

    monkeypatch.setattr("thaiocr.aws.session.client", refuse)
    monkeypatch.setattr("thaiocr.infra.outputs.load", refuse)


def run(capsys, *argv):
    code = main(list(argv))
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and err.count("\n") == 0, err
    return code, err


@pytest.mark.parametrize("env", ["local", "dev"])
def test_bad_value_names_the_key_and_what_is_allowed(capsys, no_aws, env):
    code, err = run(capsys, "train", "submit", "--env", env, "--set", "epochs=abc", "--dry-run")
    assert code == 2 and "epochs='abc': not a number (allowed: an integer >= 1)" in err


def test_unknown_key_lists_the_known_ones(capsys, no_aws):
    code, err = run(capsys, "train", "submit", "--env", "dev", "--set", "nosuch=1", "--dry-run")
    assert code == 2 and "unknown hyperparameter 'nosuch'" in err and "known: config, epochs," in err


def test_bad_env_field(capsys, no_aws, monkeypatch, tmp_path):
    import shutil

    from thaiocr import envs

    root = tmp_path / "repo"
    shutil.copytree(envs.configs_dir(), root / "configs")
    cfg = root / "configs/envs/local.yaml"
    cfg.write_text(cfg.read_text().replace("spot: false", "spot: maybe"))
    monkeypatch.setenv("THAIOCR_ROOT", str(root))
    envs.env_config.cache_clear()
    try:
        code, err = run(capsys, "train", "submit", "--env", "local", "--dry-run")
    finally:
        envs.env_config.cache_clear()
    assert code == 2 and "configs/envs/local.yaml: field 'training.spot'" in err


def test_bad_hyperparameter_in_the_env_file_is_caught_too(monkeypatch):
    from dataclasses import replace

    from thaiocr.errors import UserError
    from thaiocr.jobs import preflight, settings

    s = replace(settings.load("dev"), hyperparameters={"epochs": 3, "amp": "sometimes"})
    with pytest.raises(UserError, match="amp='sometimes'"):
        preflight.check_hyperparameters(s, "th_cpu_tiny")
    assert preflight.check_hyperparameters(settings.load("dev"), "th_cpu_tiny").amp is True


def test_train_submit_help_has_a_description(capsys):
    with pytest.raises(SystemExit):
        main(["train", "submit", "--help"])
    out = capsys.readouterr().out
    assert "after preflight" in out and "Nothing is paid for before all pass" in out
