from thaiocr.models.curve import parse_log, plot

LOG = [
    "[2026/11/22 01:14:46] ppocr INFO: epoch: [1/1], global_step: 50, lr: 0.000522, acc: 0.000000, "
    "norm_edit_dis: 0.000000, loss: 140.314972, avg_reader_cost: 0.00313 s, avg_batch_cost: 1.37445 s, "
    "avg_samples: 32.0, ips: 23.28199 samples/s, eta: 1:21:19",
    "[2026/11/22 01:15:44] ppocr INFO: epoch: [1/1], global_step: 100, lr: 0.001078, acc: 0.250000, "
    "norm_edit_dis: 0.500000, loss: 115.831360, avg_reader_cost: 0.00142 s, avg_batch_cost: 1.15761 s, "
    "avg_samples: 32.0, ips: 27.64322 samples/s, eta: 1:13:51",
    "[2026/11/22 01:16:00] ppocr INFO: cur metric, acc: 0.3125, norm_edit_dis: 0.71, fps: 120.5",
    "[metrics] epoch=1 train_loss=115.8",
]


def test_parse_and_plot(tmp_path):
    curve = parse_log(LOG)
    assert curve.steps == [50, 100] and curve.loss == [140.314972, 115.83136] and curve.acc[-1] == 0.25
    assert curve.ips == [23.28199, 27.64322]
    assert (curve.eval_steps, curve.eval_acc, curve.eval_ned) == ([100], [0.3125], [0.71])
    assert plot(curve, tmp_path / "c.png").stat().st_size > 1000
    assert plot(parse_log([]), tmp_path / "none.png") is None
