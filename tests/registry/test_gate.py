"""The gate: refused beyond the margin on any set, passed within it; the verdict fits a metadata value."""
import pytest

from thaiocr.registry import gate, scoring


@pytest.fixture
def scores(monkeypatch):
    table = {}
    monkeypatch.setattr(scoring, "cer", lambda model, data, split="test": table[(str(model), str(data))])
    return table


def test_within_margin_passes_beyond_it_fails(scores):
    scores.update({("base", "t"): 0.10, ("new", "t"): 0.105, ("base", "r"): 0.20, ("new", "r"): 0.15})
    ok = gate.judge("v1", "base", "new", {"base test": "t", "real": "r"}, margin=0.01)
    assert ok.passed and ok.summary().startswith("pass vs v1 (margin 0.01): base test 0.1000->0.1050")
    scores[("new", "r")] = 0.2101
    bad = gate.judge("v1", "base", "new", {"base test": "t", "real": "r"}, margin=0.01)
    assert not bad.passed and bad.as_dict()["sets"]["real"]["delta"] == pytest.approx(0.0101)
    assert len(bad.summary()) <= 256


def test_an_improvement_on_one_set_does_not_excuse_a_regression_on_the_other(scores):
    scores.update({("b", "t"): 0.10, ("n", "t"): 0.01, ("b", "r"): 0.10, ("n", "r"): 0.13})
    assert not gate.judge("v3", "b", "n", {"t": "t", "r": "r"}, margin=0.02).passed


def test_no_set_is_a_one_line_refusal():
    with pytest.raises(gate.GateRefused.__mro__[1], match="no test set"):
        gate.judge("v1", "b", "n", {}, margin=0.01)


def test_refusal_exits_1():
    assert gate.GateRefused("x").exit_code == 1
