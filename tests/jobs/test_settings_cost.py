import pytest

from thaiocr.errors import UserError
from thaiocr.jobs import cost, settings


def base(**training):
    block = {"config": "th_ppocrv5_mobile", "instance_type": "ml.g5.xlarge", "instance_count": 1,
             "volume_size_gb": 50, "max_runtime_hours": 4, "spot": False,
             "allowed_instance_types": ["ml.g5.xlarge"], "budget_usd": 20, "hyperparameters": {"epochs": 3}}
    block.update(training)
    return {"env": "dev", "dataset": "th_lines", "training": block}


@pytest.mark.parametrize("env", ["local", "dev", "prod"])
def test_shipped_env_configs_parse_and_fit_their_budget(env):
    s = settings.load(env)
    assert s.instance_type in s.allowed_instance_types
    assert cost.worst_case(s).worst_case_usd <= s.budget_usd


def test_spot_worst_case_uses_max_wait():
    s = settings.parse("dev", base(spot=True, max_wait_hours=6, instance_count=2))
    assert s.max_runtime_seconds == 4 * 3600 and s.max_wait_seconds == 6 * 3600
    est = cost.worst_case(s)
    assert est.hours == 6 and est.worst_case_usd == pytest.approx(2 * 6 * cost.hourly_price("ml.g5.xlarge"))


@pytest.mark.parametrize("change, words", [
    ({"spot": True}, "max_wait_hours"),
    ({"spot": True, "max_wait_hours": 2}, "at least"),
    ({"max_runtime_hours": "long"}, "number of hours"),
    ({"max_runtime_hours": 24 * 29}, "between"),
    ({"instance_count": 0}, "positive"),
    ({"instance_type": "g5.xlarge"}, "SageMaker type"),
    ({"budget_usd": None}, "budget_usd"),
])
def test_bad_settings_are_one_line_errors(change, words):
    with pytest.raises(UserError, match=words):
        settings.parse("dev", base(**change))


def test_unpriced_instance_type_is_refused():
    with pytest.raises(UserError, match="no price for ml.x9.huge"):
        cost.hourly_price("ml.x9.huge")
