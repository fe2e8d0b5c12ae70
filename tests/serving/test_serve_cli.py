"""`thaiocr serve` as a user starts it: a subprocess, polled over HTTP until /ping says 200."""
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read()


@pytest.mark.slow
def test_serve_subprocess_answers_ping_and_invocations(tiny_model, sample_dataset):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "python")}
    proc = subprocess.Popen([sys.executable, "-m", "thaiocr.cli", "serve", "--model", str(tiny_model),
                             "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 180  # imports and both models: slow on a shared machine
        while time.time() < deadline:
            try:
                if _get(port, "/ping")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("server never became ready")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        image = next((sample_dataset / "rec" / "images").iterdir()).read_bytes()
        conn.request("POST", "/invocations", body=image, headers={"Content-Type": "image/png"})
        resp = conn.getresponse()
        assert resp.status == 200 and len(json.loads(resp.read())["predictions"]) == 1
        conn.request("POST", "/invocations?mode=page", body=image, headers={"Content-Type": "image/png"})
        resp = conn.getresponse()  # the real detector behind page mode
        assert resp.status == 200 and json.loads(resp.read())["pages"][0]["page"] == 1
        assert _get(port, "/docs")[0] == 200
    finally:
        proc.terminate()  # SIGTERM, as docker stop and SageMaker send it: a clean exit
        assert proc.wait(10) == 0


def test_serve_without_a_model_is_one_line(tmp_path, monkeypatch, capsys):
    from thaiocr.cli import main

    monkeypatch.setenv("THAIOCR_ROOT", str(tmp_path))
    monkeypatch.setenv("SM_MODEL_DIR", str(tmp_path / "none"))
    monkeypatch.delenv("THAIOCR_MODEL", raising=False)
    assert main(["serve", "--port", "0"]) == 2
    assert "no shipped model" in capsys.readouterr().err
