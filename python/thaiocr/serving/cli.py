"""`thaiocr serve`: the model behind GET /ping and POST /invocations (the SageMaker hosting contract).

In the serving image SageMaker runs `<image> serve` with the model unpacked at /opt/ml/model, so the
defaults come from the environment there: THAIOCR_SERVE_HOST=0.0.0.0 and port 8080.
"""
from __future__ import annotations

import os

from thaiocr.envs import check_env_type


def register(sub) -> None:
    from thaiocr.evaluation.cli import _positive, model_args

    p = sub.add_parser("serve", help="serve the model over the SageMaker hosting contract (/ping, /invocations)",
                       description="Serve a model: GET /ping (200 once loaded), POST /invocations with image/png, "
                                   "image/jpeg or JSON {image_base64 | s3_uri | instances: [...]}.")
    model_args(p)
    p.add_argument("--env", type=check_env_type, metavar="{local,dev,prod}",
                   help="AWS env for s3:// models and s3_uri inputs (default: boto3's own credentials and "
                        "region, as on a SageMaker endpoint)")
    p.add_argument("--host", default=os.environ.get("THAIOCR_SERVE_HOST", "127.0.0.1"),
                   help="bind address (default 127.0.0.1; the image sets 0.0.0.0)")
    p.add_argument("--port", type=int, default=int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080")))
    p.add_argument("--http-workers", type=_positive, default=8, help="connection threads (default 8)")
    p.add_argument("--backlog", type=int, default=16, help="connections waiting beyond those before 503 (default 16)")
    p.add_argument("--model-workers", type=_positive, default=int(os.environ.get("THAIOCR_MODEL_WORKERS", "1")),
                   help="concurrent inferences, each using --threads cores (default THAIOCR_MODEL_WORKERS or 1; "
                        "on an endpoint, about one per core)")
    p.add_argument("--max-body", type=_positive, default=6 * 1024 * 1024, help="bytes (default 6 MiB)")
    p.add_argument("--max-batch", type=_positive, default=32, help="images per request (default 32)")
    p.add_argument("--read-timeout", type=float, default=30.0, help="seconds to send a request (default 30)")
    p.add_argument("--invocation-timeout", type=float, default=50.0,
                   help="seconds a request waits for a model worker (default 50; SageMaker allows 60)")
    p.add_argument("--no-s3", action="store_true", help="refuse s3_uri inputs")
    p.set_defaults(func=_serve)


def _serve(args) -> int:
    import logging
    import sys

    from thaiocr.evaluation.cli import resolve_cli_model
    from thaiocr.serving.payload import Limits
    from thaiocr.serving.server import ServerSettings, serve

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    model_dir = resolve_cli_model(args)  # a wrong path fails now, in one line; loading happens in the background
    settings = ServerSettings(host=args.host, port=args.port, http_workers=args.http_workers, backlog=args.backlog,
                              model_workers=args.model_workers, read_timeout=args.read_timeout,
                              invocation_timeout=args.invocation_timeout, env=args.env,
                              limits=Limits(max_body=args.max_body, max_batch=args.max_batch, allow_s3=not args.no_s3))

    def load():
        from thaiocr.evaluation.recognizer import Recognizer

        rec = Recognizer(model_dir, backend=args.backend, batch_size=args.batch_size, threads=args.threads,
                         workers=args.model_workers)
        logging.getLogger("thaiocr.serve").info("model loaded from %s", model_dir)
        return rec

    def announce(server):
        host, port = server.server_address[:2]
        print(f"serving {model_dir} on http://{host}:{port} (GET /ping, POST /invocations); Ctrl-C stops",
              file=sys.stderr, flush=True)

    try:
        serve(settings, load, ready_callback=announce)
    except OSError as exc:
        from thaiocr.errors import UserError

        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
