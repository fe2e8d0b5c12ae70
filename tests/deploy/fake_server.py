"""A stand-in for `thaiocr serve` (THAIOCR_SERVE_COMMAND): GET /ping 200, POST /invocations answers
with the byte count, on the port given as the last argument."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self._send(200 if self.path == "/ping" else 404, {"status": "ok"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(200, {"predictions": [{"text": "สวัสดี", "bytes": len(body),
                                          "content_type": self.headers.get("Content-Type")}]})

    def _send(self, status, doc):
        data = json.dumps(doc, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[-1])), Handler).serve_forever()
