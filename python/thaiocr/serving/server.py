"""The SageMaker hosting contract (GET /ping, POST /invocations) on FastAPI + uvicorn.

Why this shape: SageMaker's bring-your-own-container examples serve with an ASGI stack; the event loop
only moves bytes, while decoding, rendering and inference run in a bounded pool of model workers.

Bounds, each answered with a one-line JSON error and never by a crash:
- body: Content-Length checked before reading, and the stream cut at `max_body` (chunked bodies too): 413;
- work: `model_workers` threads run requests; at most `queue` more wait; beyond that 503 at once;
- time: a request waits at most `invocation_timeout` s in all (503 after; SageMaker gives up at 60 s);
  page mode stops between pages when its deadline has passed;
- connections: uvicorn's `limit_concurrency` (503 beyond) and keep-alive timeout.
Decoding limits (pixels before decode, pages, DPI) live in payload.Limits and thaiocr.ocr.pages.
"""
import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from thaiocr.serving.payload import HTTPError, Limits

log = logging.getLogger("thaiocr.serve")


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    model_workers: int = 1
    queue: int = 8  # requests waiting for a model worker beyond those running
    max_connections: int = 64
    keep_alive: float = 5.0
    invocation_timeout: float = 50.0
    limits: Limits = field(default_factory=Limits)
    env: str | None = "local"  # None: boto3's default credentials (the serving image on SageMaker)
    page_mode: bool = True  # load the detector too


class ModelState:
    """Loaded in the background so /ping can answer (503) while a large model loads."""

    def __init__(self):
        self.recognizer = None
        self.pages = None  # a thaiocr.ocr.pipeline.PageOCR when page mode is on
        self.error: str | None = None
        self.ready = threading.Event()

    def load(self, factory, detector_factory=None) -> None:
        try:
            self.recognizer = factory()
            if detector_factory is not None:
                from thaiocr.ocr.pipeline import PageOCR

                self.pages = PageOCR(self.recognizer, detector_factory())
        except Exception as exc:  # reported by /ping and the log; the process stays up for SageMaker to see
            self.error = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            log.error("model failed to load: %s", self.error)
        finally:
            self.ready.set()


class Workers:
    """A fixed pool of model threads with a bounded waiting room."""

    def __init__(self, workers: int, queue: int):
        self.pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="model")
        self.slots = threading.BoundedSemaphore(max(1, workers) + max(0, queue))

    async def run(self, fn, timeout: float):
        if not self.slots.acquire(blocking=False):
            raise HTTPError(503, "server busy: every model worker is taken and the queue is full, retry later")
        future = self.pool.submit(fn)
        future.add_done_callback(lambda _: self.slots.release())  # the slot is held until the work ends
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except asyncio.TimeoutError:
            raise HTTPError(503, f"request took more than {timeout:.0f} s, retry later or send less") from None


def create_app(settings: ServerSettings, state: ModelState):
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from thaiocr.serving.invoke import invoke

    app = FastAPI(title="thaiocr", version="1", summary="Thai OCR over the SageMaker hosting contract",
                  description="POST /invocations with an image, a PDF, JSON (image_base64, pdf_base64, "
                              "s3_uri, instances) or a text/plain s3:// URI; mode=line or mode=page.")
    workers = Workers(settings.model_workers, settings.queue)
    app.state.workers = workers

    def error(status: int, message: str, headers=None):
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    @app.exception_handler(HTTPError)
    async def _http_error(request, exc: HTTPError):
        headers = {"Retry-After": "1"} if exc.status == 503 else None
        if exc.status == 413:
            headers = {"Connection": "close"}  # the rest of the body is not read
        return error(exc.status, exc.message, headers)

    @app.exception_handler(StarletteHTTPException)
    async def _starlette_error(request, exc):
        message = "not found: use GET /ping or POST /invocations" if exc.status_code in (404, 405) else str(exc.detail)
        return error(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request, exc):
        first = exc.errors()[0] if exc.errors() else {}
        return error(400, f"bad request: {first.get('loc', '')} {first.get('msg', '')}".strip())

    @app.exception_handler(Exception)
    async def _unexpected(request, exc):  # a bug: logged with its traceback, answered in one line
        log.exception("unexpected error")
        return error(500, f"internal error ({exc.__class__.__name__})")

    @app.get("/ping", summary="200 once the model is loaded (SageMaker health check)")
    async def ping():
        if not state.ready.is_set():
            return error(503, "model is loading")
        if state.error:
            return error(503, f"model failed to load: {state.error}")
        return {"status": "ok"}

    @app.post("/invocations", summary="read text lines (mode=line) or whole pages (mode=page)",
              openapi_extra={"requestBody": {"content": {
                  "image/png": {"schema": {"type": "string", "format": "binary"}},
                  "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                  "application/json": {"schema": {"type": "object", "properties": {
                      "image_base64": {"type": "string"}, "pdf_base64": {"type": "string"},
                      "s3_uri": {"type": "string"}, "mode": {"type": "string", "enum": ["line", "page"]},
                      "instances": {"type": "array", "items": {"type": "object"}}}}}}}})
    async def invocations(request: Request, mode: str | None = None):
        started = time.perf_counter()
        if not state.ready.is_set() or state.recognizer is None:
            raise HTTPError(503, "model is not loaded" + (f": {state.error}" if state.error else " yet"))
        body = await read_body(request, settings.limits.max_body)
        deadline = time.monotonic() + settings.invocation_timeout
        result = await workers.run(
            lambda: invoke(state, request.headers.get("content-type"), body, mode, settings, deadline),
            settings.invocation_timeout)
        result["server_ms"] = round(1000 * (time.perf_counter() - started), 1)
        return result

    return app


async def read_body(request, max_body: int) -> bytes:
    raw = request.headers.get("content-length")
    if raw is not None:
        try:
            length = int(raw)
            if length < 0:
                raise ValueError
        except ValueError:
            raise HTTPError(400, f"bad Content-Length '{raw[:20]}'") from None
        if length > max_body:
            raise HTTPError(413, f"payload of {length} bytes is over the limit of {max_body}")
    from starlette.requests import ClientDisconnect

    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body:
                raise HTTPError(413, f"payload is over the limit of {max_body} bytes")
            chunks.append(chunk)
    except ClientDisconnect:
        raise HTTPError(400, f"client went away after {size} bytes") from None
    return b"".join(chunks)


def serve(settings: ServerSettings, recognizer_factory, *, detector_factory=None, ready_callback=None) -> None:
    """Load the model, bind, serve until SIGTERM/SIGINT (then exit cleanly, 0)."""
    import uvicorn

    state = ModelState()
    app = create_app(settings, state)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info", access_log=False,
                            limit_concurrency=settings.max_connections, timeout_keep_alive=int(settings.keep_alive),
                            timeout_graceful_shutdown=10, lifespan="off")
    server = _Server(config)

    async def main():
        if ready_callback:
            ready_callback(settings.host, settings.port)
        await server.serve()

    # Loaded before listening: Paddle installs its own SIGTERM handler (a fatal-error report, exit -15)
    # while it loads, and uvicorn's, installed after, must win. SageMaker retries /ping until it answers.
    state.load(recognizer_factory, detector_factory if settings.page_mode else None)
    asyncio.run(main())


def _server_class():
    import contextlib

    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn re-raises SIGTERM after a graceful shutdown (exit -15); SageMaker and docker stop
        want exit 0, so stop on the signal and return."""

        @contextlib.contextmanager
        def capture_signals(self):
            _reinstall_signals(self)
            yield

        def install_signal_handlers(self) -> None:  # uvicorn < 0.29
            _reinstall_signals(self)

    return Server


def _Server(config):
    return _server_class()(config)


def _reinstall_signals(server) -> None:
    import signal

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, server.handle_exit)
        signal.signal(signal.SIGINT, server.handle_exit)
