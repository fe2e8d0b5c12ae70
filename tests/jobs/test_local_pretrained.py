"""ENV=local starts from the shipped model's pretrained weights (models/<name>/pretrained.pdparams)."""
import json
from dataclasses import replace

import pytest

from thaiocr.evaluation import model_source
from thaiocr.jobs import settings
from thaiocr.jobs.submit import Overrides, local_pretrained

pytestmark = pytest.mark.shipped_weights  # it builds its own models/ folder


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    model = tmp_path / "models" / "th_lines_cpu_v9"
    (model / "inference").mkdir(parents=True)
    for name in ("inference.pdiparams", "inference.json"):
        (model / "inference" / name).write_text("x")
    (model / "MODEL_CARD.md").write_text("# card")
    (model / "metrics.json").write_text(json.dumps({"config": "th_lines_cpu"}))
    (model / "pretrained.pdparams").write_bytes(b"weights")
    monkeypatch.setattr(model_source, "repo_root", lambda: tmp_path)
    return model


def test_local_defaults_to_the_shipped_weights_and_their_config(shipped):
    s, config = local_pretrained(settings.load("local"), None, Overrides())
    assert (s.pretrained, s.config, config) == ("th_lines_cpu_v9", "th_lines_cpu", "th_lines_cpu")
    assert model_source.shipped_pretrained().weights == shipped / "pretrained.pdparams"


def test_hp_pretrained_none_and_other_configs_and_envs_opt_out(shipped):
    none = Overrides(hyperparameters={"pretrained": "none", "epochs": "3"})
    s, config = local_pretrained(none.apply(settings.load("local")), None, none)
    assert s.pretrained is None and config is None and s.hyperparameters["epochs"] == "3"
    assert "pretrained" not in s.hyperparameters
    s, config = local_pretrained(settings.load("local"), "th_cpu_tiny", Overrides())
    assert s.pretrained is None and config == "th_cpu_tiny"
    dev = replace(settings.load("dev"), pretrained=None)
    assert local_pretrained(dev, None, Overrides())[0].pretrained is None


def test_nothing_shipped_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(model_source, "repo_root", lambda: tmp_path)
    s = settings.load("local")
    assert local_pretrained(s, None, Overrides()) == (s, None)
