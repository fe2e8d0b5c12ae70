"""Hyperparameters arrive as strings; every bad one is named in one message."""
import pytest

from thaiocr.errors import UserError
from thaiocr.train.hyperparams import TrainParams, parse_hyperparameters


def test_defaults():
    assert parse_hyperparameters({}) == TrainParams()


def test_parses_all_kinds():
    p = parse_hyperparameters({
        "config": "th_svtr_lcnet.yml", "epochs": "3", "learning_rate": "1e-3", "batch_size": "64",
        "max_text_length": "50", "image_shape": "48,640", "amp": "auto", "seed": "7", "eval_every": "100",
        "evaluate": "False", "device": "CPU", "pretrained": "th.pdparams", "warmup_epochs": "0",
        "sagemaker_job_name": "ignored", "_tuning_objective_metric": "ignored",
    })
    assert (p.config, p.epochs, p.learning_rate, p.batch_size, p.max_text_length) == ("th_svtr_lcnet", 3, 1e-3, 64, 50)
    assert p.image_shape == (3, 48, 640) and p.amp is None and p.evaluate is False and p.device == "cpu"
    assert p.pretrained == "th.pdparams" and p.warmup_epochs == 0


def test_sdk_json_quoted_strings():
    assert parse_hyperparameters({"config": '"th_cpu_tiny"'}).config == "th_cpu_tiny"


@pytest.mark.parametrize("key,value,needle", [
    ("epochs", "three", "epochs='three': not a number"),
    ("epochs", "0", "must be >= 1"),
    ("learning_rate", "-1", "must be > 0"),
    ("amp", "maybe", "must be true or false"),
    ("image_shape", "48,321", "multiples of 8"),
    ("config", "../etc/passwd", "config name"),
    ("pretrained", "../x.pdparams", "file name"),
    ("learnin_rate", "0.1", "unknown hyperparameter 'learnin_rate'"),
])
def test_bad_values(key, value, needle):
    with pytest.raises(UserError) as exc:
        parse_hyperparameters({key: value})
    assert needle in str(exc.value)
    assert "\n" not in str(exc.value)


def test_all_problems_at_once():
    with pytest.raises(UserError) as exc:
        parse_hyperparameters({"epochs": "x", "bogus": "1"})
    assert "epochs" in str(exc.value) and "bogus" in str(exc.value)
