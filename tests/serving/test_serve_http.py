"""The server over real HTTP on 127.0.0.1: the contract in line and page mode, and the limits."""
import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from thaiocr.ocr.pages import PageLimits
from thaiocr.serving.payload import Limits

from .helpers import FakeDetector, FakeRecognizer, Running

LIMITS = Limits(max_body=300_000, max_batch=4, pages=PageLimits(dpi=50, max_pages=3, max_pixels=2_000_000))


def png(h=40, w=300) -> bytes:
    import cv2

    img = np.full((h, w, 3), 255, np.uint8)
    cv2.putText(img, "text", (5, h - 10), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    return cv2.imencode(".png", img)[1].tobytes()


@pytest.fixture(scope="module")
def server():
    srv = Running(lambda: FakeRecognizer(), lambda: FakeDetector(), limits=LIMITS, invocation_timeout=10)
    assert srv.state.ready.wait(30) and srv.state.error is None
    yield srv
    srv.stop()


def test_ping(server):
    assert server.request("GET", "/ping") == (200, {"status": "ok"})


def test_raw_image_is_line_mode_by_default(server):
    status, doc = server.request("POST", "/invocations", png(), "image/png")
    assert status == 200 and doc["mode"] == "line" and doc["predictions"] == [{"text": "กกก", "confidence": 0.9}]


def test_json_batch_single_and_list_agree(server):
    item = {"image_base64": base64.b64encode(png()).decode()}
    one = server.request("POST", "/invocations", json.dumps(item), "application/json")[1]
    batch = server.request("POST", "/invocations", json.dumps({"instances": [item, item]}), "application/json")[1]
    bare = server.request("POST", "/invocations", json.dumps([item]), "application/json")[1]
    assert one["predictions"] * 2 == batch["predictions"] and bare["predictions"] == one["predictions"]


def test_page_mode_by_query_or_json_field(server):
    status, doc = server.request("POST", "/invocations?mode=page", png(400, 300), "image/png")
    assert status == 200 and doc["mode"] == "page"
    (page,) = doc["pages"]
    assert (page["width"], page["height"]) == (300, 400) and len(page["lines"][0]["box"]) == 4
    body = json.dumps({"image_base64": base64.b64encode(png(400, 300)).decode(), "mode": "page"})
    assert server.request("POST", "/invocations", body, "application/json")[1]["pages"][0]["width"] == 300


def test_a_pdf_is_read_page_by_page(server, thai_pdf_small):
    status, doc = server.request("POST", "/invocations", thai_pdf_small.read_bytes(), "application/pdf")
    assert status == 200 and [p["page"] for p in doc["pages"]] == [1, 2]
    body = json.dumps({"pdf_base64": base64.b64encode(thai_pdf_small.read_bytes()).decode()})
    assert len(server.request("POST", "/invocations", body, "application/json")[1]["pages"]) == 2
    sniffed = server.request("POST", "/invocations", thai_pdf_small.read_bytes(), "application/octet-stream")
    assert sniffed[0] == 200 and sniffed[1]["mode"] == "page"


def test_chunked_bodies_are_read(server):
    def chunks():
        data = png()
        yield data[:100]
        yield data[100:]

    status, doc = server.request("POST", "/invocations", chunks(), "image/png")  # no length: chunked
    assert status == 200 and len(doc["predictions"]) == 1


def test_s3_inputs_json_and_text(server, local_env):
    from thaiocr.aws.session import client

    s3 = client("s3", "local")
    s3.create_bucket(Bucket="serve-test")
    s3.put_object(Bucket="serve-test", Key="line.png", Body=png())
    server.settings.env = "local"
    status, doc = server.request("POST", "/invocations", json.dumps({"s3_uri": "s3://serve-test/line.png"}),
                                 "application/json")
    assert status == 200 and len(doc["predictions"]) == 1
    assert server.request("POST", "/invocations", b"s3://serve-test/line.png", "text/plain")[0] == 200


def test_openapi_docs(server):
    assert server.request("GET", "/docs")[0] == 200
    status, doc = server.request("GET", "/openapi.json")
    assert status == 200 and "/invocations" in doc["paths"] and "/ping" in doc["paths"]


def test_concurrent_requests_all_succeed(server):
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: server.request("POST", "/invocations", png(), "image/png")[0], range(12)))
    assert results == [200] * 12


def test_ping_is_503_while_loading_and_after_a_failed_load():
    def slow():
        time.sleep(1.0)
        return FakeRecognizer()

    srv = Running(slow)
    try:
        assert srv.request("GET", "/ping")[0] == 503
        assert srv.request("POST", "/invocations", png(), "image/png")[0] == 503
        srv.state.ready.wait(10)
        assert srv.request("GET", "/ping")[0] == 200
    finally:
        srv.stop()

    def broken():
        raise RuntimeError("weights missing")

    srv = Running(broken)
    try:
        srv.state.ready.wait(10)
        status, doc = srv.request("GET", "/ping")
        assert status == 503 and "weights missing" in doc["error"]
    finally:
        srv.stop()


def test_a_full_queue_answers_503_at_once_and_slow_work_times_out():
    srv = Running(lambda: FakeRecognizer(delay=1.5), model_workers=1, queue=0, invocation_timeout=1.0)
    try:
        srv.state.ready.wait(10)
        with ThreadPoolExecutor(3) as pool:
            futures = [pool.submit(srv.request, "POST", "/invocations", png(), "image/png") for _ in range(3)]
            statuses = sorted(f.result()[0] for f in futures)
        assert statuses == [503, 503, 503]  # one timed out after 1 s, two found no slot
        time.sleep(1.0)
        assert srv.request("GET", "/ping")[0] == 200
    finally:
        srv.stop()


def test_ping_answers_while_the_model_is_saturated():
    srv = Running(lambda: FakeRecognizer(delay=1.0), model_workers=1, queue=4)
    try:
        srv.state.ready.wait(10)
        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(srv.request, "POST", "/invocations", png(), "image/png") for _ in range(3)]
            time.sleep(0.3)
            started = time.perf_counter()
            assert srv.request("GET", "/ping")[0] == 200
            assert time.perf_counter() - started < 0.5
            assert all(f.result()[0] == 200 for f in futures)
    finally:
        srv.stop()
