"""Run the FastAPI app under a real uvicorn on 127.0.0.1 in a thread, and talk to it over HTTP."""
import asyncio
import http.client
import json
import socket
import threading
import time

import numpy as np

from thaiocr.evaluation.recognizer import Prediction
from thaiocr.serving.server import ModelState, ServerSettings, create_app


class FakeRecognizer:
    """Answers 'ก' per image, optionally slowly: the HTTP layer tested without a model's cost."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay

    def predict(self, images, timeout=None):
        time.sleep(self.delay)
        return [Prediction("ก" * max(1, im.shape[1] // 100), 0.9) for im in images]


class FakeDetector:
    """One box: the middle of the page."""

    def detect(self, image):
        h, w = image.shape[:2]
        box = np.array([[w * 0.1, h * 0.4], [w * 0.9, h * 0.4], [w * 0.9, h * 0.6], [w * 0.1, h * 0.6]], np.float32)
        return [(box, 0.9)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    def __init__(self, factory, detector_factory=None, **overrides):
        import uvicorn

        self.settings = ServerSettings(host="127.0.0.1", port=free_port(), **overrides)
        self.state = ModelState()
        app = create_app(self.settings, self.state)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.settings.port, log_level="warning",
                                limit_concurrency=self.settings.max_connections, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve()), daemon=True)
        self.thread.start()
        threading.Thread(target=self.state.load, args=(factory, detector_factory), daemon=True).start()
        deadline = time.time() + 30
        while not self.server.started and time.time() < deadline:
            time.sleep(0.02)
        self.address = ("127.0.0.1", self.settings.port)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(10)

    def request(self, method, path, body=None, content_type=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection(*self.address, timeout=timeout)
        hdrs = dict(headers or {})
        if content_type:
            hdrs["Content-Type"] = content_type
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        try:
            doc = json.loads(data) if data else None
        except json.JSONDecodeError:
            doc = data
        return resp.status, doc
