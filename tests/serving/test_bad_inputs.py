"""Every bad input gets a 4xx with a one-line JSON error, never a 5xx, and the server stays up."""
import base64
import http.client
import json
import socket

import numpy as np
import pytest

from thaiocr.ocr.pages import PageLimits
from thaiocr.serving.payload import Limits

from ..ocr.conftest import huge_png_header, png_bytes, tiff_bytes
from .helpers import FakeDetector, FakeRecognizer, Running

MAX_BODY = 200_000
LIMITS = Limits(max_body=MAX_BODY, max_batch=3, pages=PageLimits(dpi=72, max_pages=2, max_pixels=5_000_000))


@pytest.fixture(scope="module")
def server():
    srv = Running(lambda: FakeRecognizer(), lambda: FakeDetector(), limits=LIMITS)
    assert srv.state.ready.wait(30)
    yield srv
    assert srv.request("GET", "/ping") == (200, {"status": "ok"})  # still up after the whole suite
    srv.stop()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    fpdf = pytest.importorskip("fpdf")
    d = tmp_path_factory.mktemp("bad")
    enc = fpdf.FPDF()
    enc.add_page()
    enc.set_encryption(owner_password="o", user_password="u")
    enc.output(str(d / "enc.pdf"))
    big = fpdf.FPDF(unit="pt", format=(14000, 14000))
    big.add_page()
    big.output(str(d / "big.pdf"))
    many = fpdf.FPDF()
    for _ in range(3):
        many.add_page()
    many.output(str(d / "many.pdf"))
    ok = fpdf.FPDF()
    ok.add_page()
    ok.output(str(d / "ok.pdf"))
    return {name: (d / f"{name}.pdf").read_bytes() for name in ("enc", "big", "many", "ok")}


LINE = png_bytes(np.full((32, 200), 255, np.uint8))


def cases(pdfs):
    ok_pdf = pdfs["ok"]
    return {
        "zero-byte image": (b"", "image/png", 400),
        "zero-byte pdf": (b"", "application/pdf", 400),
        "zero-byte json": (b"", "application/json", 400),
        "wrong content type": (LINE, "text/html", 415),
        "no content type": (LINE, None, 415),
        "png labelled pdf": (LINE, "application/pdf", 400),
        "pdf labelled png": (ok_pdf, "image/png", 400),
        "random bytes": (b"\x00\x01garbage" * 10, "application/octet-stream", 400),
        "truncated png": (png_bytes(np.zeros((80, 80), np.uint8))[:70], "image/png", 400),
        "huge png dimensions": (huge_png_header(), "image/png", 413),
        "huge png dimensions in page mode": (huge_png_header(), "image/png?mode=page", 413),
        "truncated pdf": (ok_pdf[: len(ok_pdf) // 3], "application/pdf", 400),
        "header-only pdf": (b"%PDF-1.7\n", "application/pdf", 400),
        "encrypted pdf": (pdfs["enc"], "application/pdf", 400),
        "huge pdf page": (pdfs["big"], "application/pdf", 413),
        "too many pdf pages": (pdfs["many"], "application/pdf", 413),
        "too many tiff pages": (tiff_bytes([np.zeros((8, 8), np.uint8)] * 3), "image/tiff?mode=page", 413),
        "pdf in line mode": (ok_pdf, "application/pdf?mode=line", 400),
        "unknown mode": (LINE, "image/png?mode=words", 400),
        "invalid json": (b"{not json", "application/json", 400),
        "non-utf8 json": (b"\xff\xfe{}", "application/json", 400),
        "json number": (b"42", "application/json", 400),
        "json without a key": (b'{"image": "x"}', "application/json", 400),
        "json with two keys": (json.dumps({"image_base64": b64(LINE), "s3_uri": "s3://b/k"}).encode(),
                               "application/json", 400),
        "bad base64": (b'{"image_base64": "not base64!!"}', "application/json", 400),
        "empty base64": (b'{"image_base64": ""}', "application/json", 400),
        "base64 of garbage": (json.dumps({"image_base64": b64(b"garbage" * 5)}).encode(), "application/json", 400),
        "pdf_base64 holding an image": (json.dumps({"pdf_base64": b64(LINE)}).encode(), "application/json", 400),
        "image_base64 holding a pdf": (json.dumps({"image_base64": b64(ok_pdf)}).encode(), "application/json", 400),
        "bad mode in json": (json.dumps({"image_base64": b64(LINE), "mode": 3}).encode(), "application/json", 400),
        "instances not a list": (b'{"instances": {}}', "application/json", 400),
        "empty batch": (b"[]", "application/json", 400),
        "batch over the limit": (json.dumps([{"image_base64": b64(LINE)}] * 4).encode(), "application/json", 413),
        "instance not an object": (b"[1]", "application/json", 400),
        "s3 uri without key": (b'{"s3_uri": "s3://bucket-only"}', "application/json", 400),
        "s3 uri not s3": (b'{"s3_uri": "http://example.com/x.png"}', "application/json", 400),
        "text not an s3 uri": (b"hello", "text/plain", 400),
        "body over the limit": (b"\x89PNG\r\n\x1a\n" + b"0" * (MAX_BODY + 1), "image/png", 413),
    }


NAMES = list(cases({"ok": b"", "enc": b"", "big": b"", "many": b""}))


@pytest.mark.parametrize("name", NAMES)
def test_bad_input(server, pdfs, name):
    body, content_type, expected = cases(pdfs)[name]
    path = "/invocations"
    if content_type and "?" in content_type:
        content_type, query = content_type.split("?")
        path += "?" + query
    status, doc = server.request("POST", path, body, content_type)
    assert status == expected, (name, status, doc)
    assert isinstance(doc, dict) and set(doc) == {"error"} and "\n" not in doc["error"] and doc["error"]


def test_unknown_s3_key_and_bucket(server, local_env):
    from thaiocr.aws.session import client

    client("s3", "local").create_bucket(Bucket="bad-inputs")
    server.settings.env = "local"
    for uri in ("s3://bad-inputs/missing.png", "s3://no-such-bucket-here/x.png"):
        status, doc = server.request("POST", "/invocations", json.dumps({"s3_uri": uri}), "application/json")
        assert status == 400 and ("NoSuchKey" in doc["error"] or "404" in doc["error"] or "NoSuchBucket"
                                  in doc["error"]), doc
        assert server.request("POST", "/invocations", uri.encode(), "text/plain")[0] == 400


def test_bad_content_length_and_methods(server):
    with socket.create_connection(server.address, timeout=10) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                  b"Content-Length: 99999999999\r\n\r\n")
        head = s.recv(4096).decode()
    assert head.startswith("HTTP/1.1 413")
    assert server.request("GET", "/invocations")[0] == 405
    assert server.request("POST", "/ping")[0] == 405
    assert server.request("GET", "/nowhere") == (404, {"error": "not found: use GET /ping or POST /invocations"})


def test_a_client_that_disconnects_mid_body(server):
    with socket.create_connection(server.address, timeout=10) as s:
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\n"
                  + LINE[:100])
    conn = http.client.HTTPConnection(*server.address, timeout=10)
    conn.request("GET", "/ping")
    assert conn.getresponse().status == 200
