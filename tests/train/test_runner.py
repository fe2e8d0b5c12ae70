"""The trainer subprocess: its log is passed through and its metrics are read as the job's."""
import io
import sys

from thaiocr.train import runner

LINE = ("epoch: [1/2], global_step: 50, lr: 0.001567, acc: 0.000000, norm_edit_dis: 0.000000, loss: 125.7, "
        "avg_reader_cost: 0.00354 s, avg_batch_cost: 1.47500 s, avg_samples: 32.0, ips: 21.5 samples/s, eta: 1:27:16")


def _run(world_size):
    seen = []
    out = io.StringIO()
    result = runner.run([sys.executable, "-c", f"print({LINE!r})"], {}, runner.Stopper(), out=out,
                        on_metrics=seen.append, world_size=world_size)
    assert result.returncode == 0
    return seen[0], out.getvalue()


def test_samples_per_sec_is_the_whole_jobs():
    one, _ = _run(1)
    two, text = _run(2)
    assert one["samples_per_sec"] == 21.5
    assert two["samples_per_sec"] == 43.0  # PaddleOCR logs one trainer's rate
    assert LINE in text and "samples_per_sec=43" in text
