"""`thaiocr bench serve`, tiny: it starts the server on 127.0.0.1, loads it and reports each row."""
import json

import pytest


@pytest.mark.slow
def test_a_small_load_test_reports_every_row(tiny_model, tmp_path, capsys):
    from thaiocr.cli import main

    out = tmp_path / "bench.json"
    assert main(["bench", "serve", "--model", str(tiny_model), "--workers", "1", "--line-requests", "6",
                 "--page-requests", "1", "--max-seconds", "60", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())["rows"]
    assert [(r["kind"], r["workers"]) for r in rows] == [("line", 1), ("page", 1)]
    assert rows[0]["requests"] == 6 and rows[0]["errors"] == 0 and rows[0]["p99_ms"] >= rows[0]["p50_ms"]
    assert rows[1]["peak_rss_mb"] > 0
    assert "| line | 1 x" in capsys.readouterr().out


def test_bad_arguments_are_one_line(capsys):
    from thaiocr.cli import main

    assert main(["bench", "serve", "--workers", "one"]) == 2
    assert "--workers" in capsys.readouterr().err
