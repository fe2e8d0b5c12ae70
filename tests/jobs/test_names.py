import re

from thaiocr.jobs import names

SAGEMAKER_RE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


def test_names_fit_sagemaker_rules_even_for_long_odd_configs():
    for config in ("th_ppocrv5_mobile", "x" * 200, "__weird..name__", "", "Ünïcode-конфиг"):
        name = names.job_name(config)
        assert len(name) <= 63 and SAGEMAKER_RE.match(name), name
        assert names.is_ours(name)


def test_names_are_unique_within_one_second():
    made = {names.job_name("th_ppocrv5_mobile", now=0) for _ in range(50)}
    assert len(made) > 45  # 16 random bits each


def test_name_carries_config_and_utc_time():
    assert names.job_name("th_svtr_lcnet", now=0, suffix="ab12") == "thaiocr-th-svtr-lcnet-19700101-000000-ab12"


def test_invalid_names_are_rejected():
    assert not names.is_valid("-starts-with-dash")
    assert not names.is_valid("a" * 64)
    assert not names.is_valid("under_score")
    assert names.is_valid("a--b")
