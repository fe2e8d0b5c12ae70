"""One regex set: what the entrypoint prints is what SageMaker's MetricDefinitions extract."""
import re

import pytest

from thaiocr.train import logparse, metrics

PADDLE_TRAIN = ("[2026/11/22 00:24:14] ppocr INFO: epoch: [3/10], global_step: 20, lr: 0.000500, acc: 0.125000, "
                "norm_edit_dis: 0.634279, CTCLoss: 10.1, NRTRLoss: 2.0, loss: 12.560715, avg_reader_cost: 0.01000 s, "
                "avg_batch_cost: 0.40000 s, avg_samples: 16.0, ips: 40.00000 samples/s, eta: 0:00:10, "
                "max_mem_reserved: 1200 MB, max_mem_allocated: 900 MB")
PADDLE_EVAL = "[2026/11/22 00:24:14] ppocr INFO: cur metric, acc: 0.5, norm_edit_dis: 0.875, fps: 123.4"


def test_definitions_fit_sagemaker_limits():
    assert len(metrics.METRIC_DEFINITIONS) <= 40
    for d in metrics.METRIC_DEFINITIONS:
        assert set(d) == {"Name", "Regex"} and len(d["Regex"]) <= 500
        assert re.compile(d["Regex"]).groups == 1


def test_round_trip():
    values = {"train_loss": 1.25, "learning_rate": 5e-4, "eval_acc": 0.5, "test_cer": 0.031, "test_line_acc": 0.9}
    line = metrics.format_metrics(values)
    assert dict(metrics.parse_line(line)) == pytest.approx(values)


def test_names_do_not_shadow_each_other():
    line = metrics.format_metrics({"test_line_acc": 0.9, "train_norm_edit_dis": 0.3})
    assert dict(metrics.parse_line(line)) == {"test_line_acc": 0.9, "train_norm_edit_dis": 0.3}


def test_unknown_name_refused():
    with pytest.raises(ValueError):
        metrics.format_metrics({"accuracy": 1})


def test_paddleocr_lines_translate():
    train = logparse.parse(PADDLE_TRAIN)
    assert train == pytest.approx({"epoch": 3, "samples_per_sec": 40.0, "reader_cost_ratio": 0.025,
                                   "train_loss": 12.560715, "train_acc": 0.125, "train_norm_edit_dis": 0.634279,
                                   "learning_rate": 0.0005})
    assert logparse.parse(PADDLE_EVAL) == {"eval_acc": 0.5, "eval_norm_edit_dis": 0.875}
    assert logparse.parse("[2026] ppocr INFO: best metric, acc: 0.5") is None
    # PaddleOCR's own lines never match our regexes (no '=' after the name)
    assert metrics.parse_line(PADDLE_TRAIN) == []
