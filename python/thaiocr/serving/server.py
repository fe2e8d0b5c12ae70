"""The HTTP side of the SageMaker hosting contract, on the standard library.

Why stdlib: two routes, small JSON, and CPU-bound inference that a bounded pool of model workers
serialises anyway; an ASGI stack would add dependencies without adding throughput.

Concurrency and time are bounded on purpose:
- `http_workers` threads handle connections; beyond `http_workers + backlog` waiting connections a
  client gets 503 at once instead of queueing without end.
- `model_workers` predictors (clones sharing weights) run inference; a request waits at most
  `invocation_timeout` s for one, then gets 503 (SageMaker gives up on a request after 60 s). At most
  `http_workers - 2` invocations are in flight, so /ping is answered even then.
- `read_timeout` s to send a request (408 after it), also the keep-alive idle limit.
- The body size is checked from Content-Length before reading (413), so a huge upload costs nothing.
"""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer

from thaiocr.serving.payload import HTTPError, Limits, parse_invocation

log = logging.getLogger("thaiocr.serve")


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    http_workers: int = 8
    backlog: int = 16
    model_workers: int = 1
    read_timeout: float = 30.0
    invocation_timeout: float = 50.0
    limits: Limits = field(default_factory=Limits)
    env: str | None = "local"  # None: boto3's default credentials (the serving image on SageMaker)


class ModelState:
    """Loaded in the background so /ping can answer (503) while a large model loads."""

    def __init__(self):
        self.recognizer = None
        self.error: str | None = None
        self.ready = threading.Event()

    def load(self, factory) -> None:
        try:
            self.recognizer = factory()
        except Exception as exc:  # reported by /ping and the log; the process stays up for SageMaker to see
            self.error = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            log.error("model failed to load: %s", self.error)
        finally:
            self.ready.set()


class PooledHTTPServer(HTTPServer):
    """HTTPServer with a fixed thread pool instead of a thread per connection."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, settings: ServerSettings, state: ModelState):
        self.settings = settings
        self.state = state
        self._pool = ThreadPoolExecutor(settings.http_workers, thread_name_prefix="http")
        self._slots = threading.BoundedSemaphore(settings.http_workers + settings.backlog)
        self._active: set = set()
        self._active_lock = threading.Lock()
        # two connection threads stay free of invocations, so /ping answers while inference is saturated
        self.invocation_slots = threading.BoundedSemaphore(max(1, settings.http_workers - 2))
        super().__init__((settings.host, settings.port), make_handler(settings))

    after_load = None  # called once in the serving thread when the model is loaded

    def service_actions(self):
        if self.after_load is not None and self.state.ready.is_set():
            action, self.after_load = self.after_load, None
            action()

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            _reject_busy(request)
            self.shutdown_request(request)
            return
        self._pool.submit(self._work, request, client_address)

    def _work(self, request, client_address):
        with self._active_lock:
            self._active.add(request)
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._active_lock:
                self._active.discard(request)
            self.shutdown_request(request)
            self._slots.release()

    def handle_error(self, request, client_address):
        log.exception("connection from %s failed", client_address[0])

    def server_close(self):
        super().server_close()
        # end idle keep-alive connections (their reads see EOF); a request in flight still gets its answer
        with self._active_lock:
            for sock in list(self._active):
                try:
                    sock.shutdown(socket.SHUT_RD)
                except OSError:
                    pass
        self._pool.shutdown(wait=False, cancel_futures=True)


def _reject_busy(sock) -> None:
    body = b'{"error": "server busy: too many connections, retry later"}'
    try:
        sock.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                     b"Retry-After: 1\r\nConnection: close\r\nContent-Length: " + str(len(body)).encode()
                     + b"\r\n\r\n" + body)
    except OSError:
        pass


def make_handler(settings: ServerSettings):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "thaiocr-serve"
        timeout = settings.read_timeout

        def do_GET(self):
            path = self.path.split("?")[0]
            if path == "/ping":
                return self._ping()
            self._error(405 if path == "/invocations" else 404, "not found: use GET /ping or POST /invocations")

        def do_POST(self):
            self._unread = 0
            path = self.path.split("?")[0]
            if path != "/invocations":
                self.close_connection = True  # its body stays unread: the connection cannot carry another request
                return self._error(405 if path == "/ping" else 404, "not found: use GET /ping or POST /invocations")
            started = time.perf_counter()
            try:
                self._invocations(started)
            except HTTPError as exc:
                self._error(exc.status, exc.message)
                if exc.status == 413 and self._unread:
                    self._linger(self._unread)
            except (socket.timeout, TimeoutError, ConnectionError) as exc:
                self.close_connection = True
                log.info("client connection ended early: %s", exc)
            except Exception:  # a bug, not a bad request: the one place a 500 can come from
                log.exception("invocation failed")
                self._error(500, "internal error (see the server log)")

        def handle_expect_100(self):
            """Refuse an oversized body before the client sends it, instead of after."""
            try:
                length = int(self.headers.get("Content-Length", "0"))
            except ValueError:
                length = 0
            if self.path.split("?")[0] == "/invocations" and length > settings.limits.max_body:
                self.close_connection = True
                self._error(413, f"payload of {length} bytes is over the limit of {settings.limits.max_body}")
                return False
            return super().handle_expect_100()

        def _linger(self, length: int) -> None:
            """Read and drop what the client is still sending (up to 64 MiB, 2 s), so it reads our 413
            rather than a connection reset."""
            remaining = min(length, 64 << 20)
            try:
                self.connection.settimeout(2.0)
                while remaining > 0:
                    chunk = self.rfile.read1(min(remaining, 1 << 16))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            except OSError:
                pass

        def do_PUT(self):
            self.close_connection = True
            self._error(405, "method not allowed: use GET /ping or POST /invocations")

        do_DELETE = do_PATCH = do_PUT

        def _ping(self):
            state: ModelState = self.server.state
            if state.recognizer is not None:
                return self._json(200, {"status": "ok"})
            if state.error:
                return self._json(503, {"status": "failed", "error": state.error})
            self._json(503, {"status": "loading"})

        def _invocations(self, started: float):
            state: ModelState = self.server.state
            length = self._content_length()
            if state.recognizer is None:
                self._discard(length)
                raise HTTPError(503, f"model not loaded ({state.error or 'still loading'})")
            body = self._read_body(length)
            images = parse_invocation(self.headers.get("Content-Type"), body, settings.limits, settings.env)
            if not self.server.invocation_slots.acquire(blocking=False):
                raise HTTPError(503, "too many invocations in flight, retry later")
            try:
                preds = state.recognizer.predict(images, timeout=settings.invocation_timeout)
            except TimeoutError:
                raise HTTPError(503, f"all model workers busy for {settings.invocation_timeout:.0f} s, "
                                     "retry later") from None
            finally:
                self.server.invocation_slots.release()
            self._json(200, {"predictions": [p.as_dict() for p in preds],
                             "server_ms": round(1000 * (time.perf_counter() - started), 1)})

        def _content_length(self) -> int:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                self.close_connection = True
                raise HTTPError(411, "chunked bodies are not accepted: send Content-Length")
            raw = self.headers.get("Content-Length")
            if raw is None:
                self.close_connection = True
                raise HTTPError(411, "Content-Length is required")
            try:
                length = int(raw)
                if length < 0:
                    raise ValueError
            except ValueError:
                self.close_connection = True
                raise HTTPError(400, f"bad Content-Length '{raw}'") from None
            if length > settings.limits.max_body:
                self.close_connection = True  # the body is not read as a request: the connection ends
                self._unread = length
                raise HTTPError(413, f"payload of {length} bytes is over the limit of {settings.limits.max_body}")
            return length

        def _read_body(self, length: int) -> bytes:
            if length == 0:
                raise HTTPError(400, "empty body: send an image or JSON")
            body = self.rfile.read(length)
            if len(body) < length:
                self.close_connection = True
                raise HTTPError(400, f"body ended after {len(body)} of {length} bytes")
            return body

        def _discard(self, length: int) -> None:
            try:
                self.rfile.read(length)
            except OSError:
                self.close_connection = True

        def _error(self, status: int, message: str):
            self._json(status, {"error": message})

        def _json(self, status: int, doc: dict):
            body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if self.close_connection:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                self.close_connection = True

        def log_message(self, fmt, *args):
            log.info("%s %s", self.address_string(), fmt % args)

    return Handler


def serve(settings: ServerSettings, recognizer_factory, *, ready_callback=None) -> None:
    """Bind, start loading the model, serve until interrupted."""
    state = ModelState()
    server = PooledHTTPServer(settings, state)
    threading.Thread(target=state.load, args=(recognizer_factory,), daemon=True, name="model-load").start()
    if ready_callback:
        ready_callback(server)
    _stop_on_sigterm(server)
    server.after_load = lambda: _stop_on_sigterm(server)  # Paddle installs its own handler while loading
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()


def _stop_on_sigterm(server) -> None:
    """docker stop / SageMaker send SIGTERM, a person Ctrl-C: stop accepting, let the loop end, exit 0.
    Installed again after the model loads, because Paddle replaces both handlers with its own."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(*_):
        # shutdown() waits for serve_forever, which runs in this (the signal's) thread: call it from another
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
