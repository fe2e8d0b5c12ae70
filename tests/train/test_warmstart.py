"""Warm-starting from a shipped model onto a grown dictionary: class order, refusals, and the real mapping
of models/th_lines_cpu_v1 onto th_lines_cpu_v2's network (which checks itself numerically)."""
import os
import subprocess
import sys

import pytest

from thaiocr.errors import UserError
from thaiocr.paths import repo_root
from thaiocr.train.source import paddleocr_home
from thaiocr.train.warmstart import classes, head_row_map, read_inference_dictionary, warm_start

V1 = repo_root() / "models" / "th_lines_cpu_v1"


def test_class_order_is_paddleocr_ctc_order():
    assert classes(["ก", "ข"], True) == [None, "ก", "ข", " "]
    assert classes(["ก"], False) == [None, "ก"]


def test_rows_follow_characters_not_positions():
    old = classes(["ก", "ข"], True)
    new = classes(["ก", "•", "ข"], True)
    assert head_row_map(old, new) == [0, 1, None, 2, 3]


def test_a_dictionary_that_drops_characters_is_refused(tmp_path):
    chars, space = read_inference_dictionary(V1)
    with pytest.raises(UserError, match="drops 1 of the source's characters"):
        warm_start(V1, {"Architecture": {}}, chars[1:], space, tmp_path / "x.pdparams")


def test_a_folder_without_an_inference_model_is_one_line(tmp_path):
    with pytest.raises(UserError, match="no inference/inference.yml"):
        read_inference_dictionary(tmp_path)


@pytest.mark.paddleocr
@pytest.mark.paddle
@pytest.mark.slow
def test_v1_onto_a_grown_dictionary_reads_as_v1(tmp_path):
    pytest.importorskip("paddle")
    home = paddleocr_home(required=False)
    assert home is not None, "no PaddleOCR tree: run 'make paddleocr'"
    chars, _ = read_inference_dictionary(V1)
    new_dict = tmp_path / "th_dict.txt"
    new_dict.write_text("\n".join(["●", *chars, "✓"]) + "\n", encoding="utf-8")
    out = tmp_path / "w.pdparams"
    cli = "import sys; from thaiocr.cli import main; sys.exit(main())"
    r = subprocess.run([sys.executable, "-c", cli, "model", "warm-start", "--from", str(V1),
                        "--config", "th_lines_cpu_v2", "--dict", str(new_dict), "--out", str(out)],
                       capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PADDLEOCR_HOME": str(home), "OMP_NUM_THREADS": "1"})
    assert r.returncode == 0, r.stderr[-2000:]
    assert "190 CTC classes carried over, 2 new (●✓)" in r.stdout
    assert out.is_file() and out.stat().st_size > 1_000_000
