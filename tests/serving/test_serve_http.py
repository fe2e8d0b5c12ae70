"""The server over real HTTP on 127.0.0.1: the contract, every bad request, and the limits."""
import base64
import http.client
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import pytest

from thaiocr.evaluation.recognizer import Prediction, Recognizer
from thaiocr.serving.payload import Limits
from thaiocr.serving.server import ModelState, PooledHTTPServer, ServerSettings


def start(factory, **overrides):
    settings = ServerSettings(host="127.0.0.1", port=0, **overrides)
    state = ModelState()
    server = PooledHTTPServer(settings, state)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    threading.Thread(target=state.load, args=(factory,), daemon=True).start()
    return server, state


def stop(server):
    server.shutdown()
    server.server_close()


def request(server, method, path, body=None, content_type=None, headers=None):
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    hdrs = dict(headers or {})
    if content_type:
        hdrs["Content-Type"] = content_type
    conn.request(method, path, body=body, headers=hdrs)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, json.loads(data) if data else None


@pytest.fixture(scope="module")
def png_bytes(sample_dataset):
    return next((sample_dataset / "rec" / "images").iterdir()).read_bytes()


@pytest.fixture(scope="module")
def server(tiny_model):
    srv, state = start(lambda: Recognizer(tiny_model), limits=Limits(max_body=200_000, max_batch=4))
    assert state.ready.wait(60) and state.error is None
    yield srv
    stop(srv)


def test_ping_is_200_once_loaded(server):
    assert request(server, "GET", "/ping") == (200, {"status": "ok"})


def test_raw_png_and_jpeg(server, png_bytes):
    status, doc = request(server, "POST", "/invocations", png_bytes, "image/png")
    assert status == 200 and len(doc["predictions"]) == 1
    assert set(doc["predictions"][0]) == {"text", "confidence"}
    ok, jpeg = cv2.imencode(".jpg", cv2.imdecode(np.frombuffer(png_bytes, np.uint8), cv2.IMREAD_COLOR))
    status, doc2 = request(server, "POST", "/invocations", jpeg.tobytes(), "image/jpeg; charset=binary")
    assert status == 200 and len(doc2["predictions"]) == 1


def test_json_single_batch_and_list_agree(server, png_bytes, sample_dataset):
    images = sorted((sample_dataset / "rec" / "images").iterdir())[:3]
    b64 = [base64.b64encode(p.read_bytes()).decode() for p in images]
    singles = [request(server, "POST", "/invocations", json.dumps({"image_base64": b}), "application/json")[1]
               ["predictions"][0] for b in b64]
    status, batch = request(server, "POST", "/invocations",
                            json.dumps({"instances": [{"image_base64": b} for b in b64]}), "application/json")
    assert status == 200 and [p["text"] for p in batch["predictions"]] == [p["text"] for p in singles]
    status, bare = request(server, "POST", "/invocations", json.dumps([{"image_base64": b64[0]}]), "application/json")
    assert status == 200 and bare["predictions"][0]["text"] == singles[0]["text"]


@pytest.mark.parametrize("body, content_type, status, message", [
    (b"hello, not an image", "image/png", 400, "not an image"),
    (b"\x89PNG\r\n\x1a\n truncated", "image/png", 400, "not a decodable image"),
    (b"", "image/png", 400, "empty body"),
    (b"abc", "text/plain", 415, "unsupported content type"),
    (b"abc", None, 415, "unsupported content type"),
    (b"{not json", "application/json", 400, "not valid JSON"),
    (json.dumps({"image_base64": "***"}).encode(), "application/json", 400, "not valid base64"),
    (json.dumps({"image_base64": base64.b64encode(b"text").decode()}).encode(), "application/json", 400,
     "not an image"),
    (json.dumps({"instances": []}).encode(), "application/json", 400, "empty batch"),
    (json.dumps({"instances": "x"}).encode(), "application/json", 400, "must be a list"),
    (json.dumps({"instances": [{"image_base64": "AA=="}] * 5}).encode(), "application/json", 413,
     "over the limit of 4"),
    (json.dumps({"picture": "AA=="}).encode(), "application/json", 400, "exactly one of"),
    (json.dumps([1, 2]).encode(), "application/json", 400, "instance 0"),
    (json.dumps(42).encode(), "application/json", 400, "expected a JSON object"),
    (json.dumps({"s3_uri": "http://x/y.png"}).encode(), "application/json", 400, "must start with s3://"),
    (b"\x89PNG" + b"0" * 200_001, "image/png", 413, "over the limit of 200000"),
])
def test_bad_requests_get_clear_4xx(server, body, content_type, status, message):
    got, doc = request(server, "POST", "/invocations", body, content_type)
    assert got == status and message in doc["error"]


def test_a_large_oversized_upload_reads_413_not_a_reset(server):
    status, doc = request(server, "POST", "/invocations", b"\x89PNG" + b"0" * 3_000_000, "image/png")
    assert status == 413 and "over the limit" in doc["error"]


def test_expect_100_continue_is_refused_before_the_body(server):
    with socket.create_connection(server.server_address[:2], timeout=10) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                  b"Content-Length: 900000\r\nExpect: 100-continue\r\n\r\n")
        assert s.recv(200).startswith(b"HTTP/1.1 413")


def test_unknown_paths_and_methods(server):
    assert request(server, "GET", "/nope")[0] == 404
    assert request(server, "GET", "/invocations")[0] == 405
    assert request(server, "POST", "/ping", b"x", "image/png")[0] == 405
    assert request(server, "DELETE", "/invocations")[0] == 405


def test_missing_content_length_is_411(server):
    with socket.create_connection(server.server_address[:2], timeout=10) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n\r\n")
        assert s.recv(200).startswith(b"HTTP/1.1 411")


def test_an_image_from_s3(server, png_bytes, local_env):
    from thaiocr.aws.session import client

    s3 = client("s3", "local")
    s3.create_bucket(Bucket="lines")
    s3.put_object(Bucket="lines", Key="a.png", Body=png_bytes)
    status, doc = request(server, "POST", "/invocations", json.dumps({"s3_uri": "s3://lines/a.png"}),
                          "application/json")
    assert status == 200 and len(doc["predictions"]) == 1
    status, doc = request(server, "POST", "/invocations", json.dumps({"s3_uri": "s3://lines/none.png"}),
                          "application/json")
    assert status == 400 and "cannot read s3://lines/none.png" in doc["error"]


def test_concurrent_requests_all_succeed(server, png_bytes):
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: request(server, "POST", "/invocations", png_bytes, "image/png")[0],
                                range(12)))
    assert results == [200] * 12


class SlowRecognizer:
    def __init__(self, seconds):
        self.seconds, self.lock = seconds, threading.Lock()

    def predict(self, images, timeout=None):
        if not self.lock.acquire(timeout=timeout):
            raise TimeoutError
        try:
            time.sleep(self.seconds)
            return [Prediction("ก", 0.5) for _ in images]
        finally:
            self.lock.release()


def test_ping_is_503_while_loading_and_after_a_failed_load(png_bytes):
    gate = threading.Event()
    srv, state = start(lambda: gate.wait(10) and SlowRecognizer(0))
    try:
        assert request(srv, "GET", "/ping") == (503, {"status": "loading"})
        assert request(srv, "POST", "/invocations", png_bytes, "image/png")[0] == 503
        gate.set()
        assert state.ready.wait(10) and request(srv, "GET", "/ping")[0] == 200
    finally:
        stop(srv)

    def broken():
        raise RuntimeError("weights missing")

    srv, state = start(broken)
    try:
        state.ready.wait(10)
        assert request(srv, "GET", "/ping") == (503, {"status": "failed", "error": "weights missing"})
    finally:
        stop(srv)


def test_a_busy_model_answers_503_not_a_hang(png_bytes):
    srv, state = start(lambda: SlowRecognizer(1.0), invocation_timeout=0.2)
    state.ready.wait(10)
    try:
        with ThreadPoolExecutor(2) as pool:
            codes = sorted(pool.map(lambda _: request(srv, "POST", "/invocations", png_bytes, "image/png")[0],
                                    range(2)))
        assert codes == [200, 503]
    finally:
        stop(srv)


def test_ping_answers_while_invocations_saturate_the_model(png_bytes):
    srv, state = start(lambda: SlowRecognizer(1.0), http_workers=4, invocation_timeout=5)
    state.ready.wait(10)
    try:
        with ThreadPoolExecutor(4) as pool:
            calls = [pool.submit(request, srv, "POST", "/invocations", png_bytes, "image/png") for _ in range(3)]
            time.sleep(0.3)
            t = time.perf_counter()
            assert request(srv, "GET", "/ping")[0] == 200 and time.perf_counter() - t < 0.5
            codes = sorted(c.result()[0] for c in calls)
        assert codes == [200, 200, 503]  # 4 workers - 2 reserved: the third is turned away at once
    finally:
        stop(srv)


def test_connections_beyond_the_pool_get_503_and_stalled_clients_time_out(png_bytes):
    srv, state = start(lambda: SlowRecognizer(0), http_workers=1, backlog=0, read_timeout=0.5)
    state.ready.wait(10)
    try:
        stalled = socket.create_connection(srv.server_address[:2], timeout=10)  # holds the only worker
        time.sleep(0.1)
        assert request(srv, "GET", "/ping")[0] == 503
        time.sleep(0.8)  # the stalled client is dropped after read_timeout, freeing the worker
        assert request(srv, "GET", "/ping")[0] == 200
        stalled.close()
    finally:
        stop(srv)


def test_keep_alive_carries_several_requests_and_survives_an_error(server, png_bytes):
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
    try:
        for body, ctype, status in ((png_bytes, "image/png", 200), (b"junk", "image/png", 400),
                                    (png_bytes, "image/png", 200)):
            conn.request("POST", "/invocations", body=body, headers={"Content-Type": ctype})
            resp = conn.getresponse()
            resp.read()
            assert resp.status == status
    finally:
        conn.close()
