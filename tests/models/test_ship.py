"""`thaiocr model ship`: the card is built from the job's own record, and the size limit holds."""
import json

import pytest
import yaml

from thaiocr.errors import UserError
from thaiocr.models import ship as ship_mod

LOG = [
    "[2026/11/22 03:40:00] ppocr INFO: epoch: [1/2], global_step: 50, lr: 0.003, acc: 0.0, norm_edit_dis: 0.1, "
    "loss: 90.0, avg_reader_cost: 0.003 s, avg_batch_cost: 1.5 s, avg_samples: 32.0, ips: 21.0 samples/s, eta: 1:00:00",
    "[metrics] epoch=1 train_loss=90 samples_per_sec=42.0 reader_cost_ratio=0.002",  # the runner's: both trainers
    "[2026/11/22 03:41:00] ppocr INFO: cur metric, acc: 0.25, norm_edit_dis: 0.9, fps: 80.0",
]


@pytest.fixture
def job_model(tmp_path, monkeypatch):
    monkeypatch.setenv("THAIOCR_ROOT", str(tmp_path / "repo"))
    model = tmp_path / "model"
    (model / "inference").mkdir(parents=True)
    (model / "inference" / "inference.pdiparams").write_bytes(b"\0" * 100)
    (model / "th_dict.txt").write_text("ก\n", encoding="utf-8")
    (model / "config.yml").write_text(yaml.safe_dump({"Architecture": {
        "algorithm": "CRNN", "Backbone": {"name": "MobileNetV3", "scale": 0.5}, "Head": {"name": "CTCHead"}}}))
    (model / "metrics.json").write_text(json.dumps({"cer": 0.05, "line_accuracy": 0.5, "lines": 2400}))
    (model / "manifest.json").write_text(json.dumps({"name": "th_lines_doc", "seed": 7, "content_hash": "ab" * 32,
                                                     "counts": {"train": 10}, "spec": {"fonts": {"test_holdout": ["Garuda"]}}}))
    log = tmp_path / "runner.log"
    log.write_text("\n".join(LOG), encoding="utf-8")
    from thaiocr.jobs import describe, local_state

    monkeypatch.setattr(describe, "describe", lambda env, job: {
        "HyperParameters": {"config": "th_lines_cpu", "cpu_trainers": "2"}, "TrainingTimeInSeconds": 3600,
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1}})
    monkeypatch.setattr(local_state, "runner_log", lambda job: log)
    return model


def test_the_card_comes_from_the_jobs_record(job_model, tmp_path):
    dest = ship_mod.ship("job-1", "th_test_v1", model_dir=job_model, note="a note", out=lambda *_: None)
    card = (dest / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "# th_test_v1" in card and "> a note" in card
    assert "CRNN / MobileNetV3(scale=0.5)" in card and "seed 7" in card and "Garuda" in card
    assert "60 min" in card and "median 42.0 samples/s" in card  # the job's, not one trainer's
    assert "cpu_trainers=2" in card
    assert "CER 5.00%, line accuracy 50.00% (2400 lines)" in card
    assert (dest / "learning_curve.png").is_file() and (dest / "inference" / "inference.pdiparams").is_file()
    with pytest.raises(UserError, match="exists.*--force"):
        ship_mod.ship("job-1", "th_test_v1", model_dir=job_model, out=lambda *_: None)


def test_over_the_size_limit_is_refused_and_nothing_is_left(job_model, tmp_path, monkeypatch):
    monkeypatch.setattr(ship_mod, "MAX_BYTES", 50)
    with pytest.raises(UserError, match="over the 0 MB limit|over the .* limit"):
        ship_mod.ship("job-1", "th_big", model_dir=job_model, out=lambda *_: None)
    assert not any((tmp_path / "repo" / "models").iterdir())


def test_a_merged_dataset_and_an_exported_epoch_read_plainly(job_model):
    """A model from `data merge` + `model export`: the card names the merged sources, finds the held-out
    fonts from the splits, and says which checkpoint it is instead of printing nan."""
    (job_model / "metrics.json").write_text(json.dumps({"config": "th_lines_cpu_v2", "weights": "latest", "epoch": 8}))
    (job_model / "manifest.json").write_text(json.dumps({
        "name": "th_lines_mix", "mode": "merge", "content_hash": "cd" * 32, "counts": {"train": 10},
        "spec": {"sources": [{"name": "th_lines_real", "content_hash": "ab" * 32}, {"name": "th_lines_headings",
                                                                                  "content_hash": "ef" * 32}]},
        "fonts": {"train": ["Loma Regular"], "val": ["Loma Regular"], "test": ["Taviraj Regular", "Loma Regular"]}}))
    dest = ship_mod.ship(None, "th_merge_v1", model_dir=job_model, out=lambda *_: None)
    card = (dest / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "merged from `th_lines_real`" in card and "`th_lines_headings`" in card
    assert "held out of training: Taviraj Regular" in card
    assert "nan" not in card and "`latest` checkpoint (epoch 8)" in card
    assert "Spec text" not in card
