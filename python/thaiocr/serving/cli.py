"""`thaiocr serve`: the model behind GET /ping and POST /invocations (the SageMaker hosting contract),
on FastAPI + uvicorn; OpenAPI docs at /docs.

In the serving image SageMaker runs `<image> serve` with the model unpacked at /opt/ml/model, so the
defaults come from the environment there: THAIOCR_SERVE_HOST=0.0.0.0 and port 8080.
"""
from __future__ import annotations

import os

from thaiocr.envs import check_env_type


def register(sub) -> None:
    from thaiocr.evaluation.cli import _positive, model_args

    p = sub.add_parser("serve", help="serve the model over the SageMaker hosting contract (/ping, /invocations)",
                       description="Serve a model: GET /ping (200 once loaded), POST /invocations with an image, "
                                   "a PDF, JSON {image_base64 | pdf_base64 | s3_uri | instances: [...]} or a "
                                   "text/plain s3:// URI; ?mode=line (one text line per image) or ?mode=page "
                                   "(whole pages). OpenAPI docs at /docs.")
    model_args(p)
    p.add_argument("--env", type=check_env_type, metavar="{local,dev,prod}",
                   help="AWS env for s3:// models and inputs (default: boto3's own credentials and "
                        "region, as on a SageMaker endpoint)")
    p.add_argument("--host", default=os.environ.get("THAIOCR_SERVE_HOST", "127.0.0.1"),
                   help="bind address (default 127.0.0.1; the image sets 0.0.0.0)")
    p.add_argument("--port", type=int, default=int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080")))
    p.add_argument("--model-workers", type=_positive, default=int(os.environ.get("THAIOCR_MODEL_WORKERS", "1")),
                   help="concurrent requests, each using --threads cores (default THAIOCR_MODEL_WORKERS or 1; "
                        "on an endpoint, about one per core)")
    p.add_argument("--queue", type=int, default=8, help="requests waiting for a worker before 503 (default 8)")
    p.add_argument("--max-connections", type=_positive, default=64, help="open connections before 503 (default 64)")
    p.add_argument("--max-body", type=_positive, default=6 * 1024 * 1024, help="bytes (default 6 MiB)")
    p.add_argument("--max-batch", type=_positive, default=32, help="inputs per request (default 32)")
    p.add_argument("--max-pages", type=_positive, default=20, help="pages per request (default 20)")
    p.add_argument("--max-pixels", type=_positive, default=40_000_000, help="pixels per page or image (default 40 M)")
    p.add_argument("--dpi", type=_positive, default=200, help="PDF rendering resolution (default 200)")
    p.add_argument("--invocation-timeout", type=float, default=50.0,
                   help="seconds a request may take in all, waiting included (default 50; SageMaker allows 60)")
    p.add_argument("--no-s3", action="store_true", help="refuse s3:// inputs")
    p.add_argument("--no-page", action="store_true", help="line mode only: do not load the text detector")
    p.set_defaults(func=_serve)


def _serve(args) -> int:
    import logging
    import sys

    from thaiocr.errors import UserError
    from thaiocr.evaluation.cli import resolve_cli_model
    from thaiocr.ocr.pages import PageLimits
    from thaiocr.serving.payload import Limits
    from thaiocr.serving.server import ServerSettings, serve

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    model_dir = resolve_cli_model(args)  # a wrong path fails now, in one line; loading happens in the background
    if not args.no_page:
        from thaiocr.ocr.detector import default_detector_path

        if not default_detector_path().is_file():
            raise UserError(f"text detector not found at {default_detector_path()} (set THAIOCR_DETECTOR, "
                            "or --no-page for line mode only)")
    limits = Limits(max_body=args.max_body, max_batch=args.max_batch, allow_s3=not args.no_s3,
                    pages=PageLimits(dpi=args.dpi, max_pages=args.max_pages, max_pixels=args.max_pixels))
    settings = ServerSettings(host=args.host, port=args.port, model_workers=args.model_workers, queue=args.queue,
                              max_connections=args.max_connections, invocation_timeout=args.invocation_timeout,
                              env=args.env, limits=limits, page_mode=not args.no_page)

    def load():
        from thaiocr.evaluation.recognizer import Recognizer

        rec = Recognizer(model_dir, backend=args.backend, batch_size=args.batch_size, threads=args.threads,
                         workers=args.model_workers)
        logging.getLogger("thaiocr.serve").info("model loaded from %s", model_dir)
        return rec

    def detector():
        from thaiocr.ocr.detector import Detector

        return Detector(threads=args.threads)

    def announce(host, port):
        print(f"serving {model_dir} on http://{host}:{port} (GET /ping, POST /invocations, docs at /docs); "
              "Ctrl-C stops", file=sys.stderr, flush=True)

    _check_port(args.host, args.port)
    serve(settings, load, detector_factory=detector, ready_callback=announce)
    # uvicorn has shut down cleanly; the native thread pools of Paddle and onnxruntime can hang the
    # interpreter's own exit, so end the process here: docker stop and SageMaker see exit 0 at once
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _check_port(host: str, port: int) -> None:
    """uvicorn logs a bind failure and exits; say it in one line first."""
    import socket

    from thaiocr.errors import UserError

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
