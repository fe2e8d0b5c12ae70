# The SageMaker hosting image: CPU PaddlePaddle + this package. SageMaker runs `<image> serve` with the
# model.tar.gz unpacked at /opt/ml/model; that is `thaiocr serve` on 0.0.0.0:8080 (GET /ping,
# POST /invocations). Build from the repository root:
#   docker build -f docker/serve.Dockerfile -t thaiocr-serve .
#   docker run --rm -p 8080:8080 -v "$PWD/models/<name>:/opt/ml/model:ro" thaiocr-serve serve
# CPU on purpose: a line recogniser is small, and CPU instances are what an endpoint should cost.
# Base pinned by digest (the published python:3.11.10-slim-bookworm); `thaiocr image pin-base` re-resolves
# the tag and rewrites the digest when the base should move (Docker and the registry needed).
FROM python:3.11.10-slim-bookworm@sha256:5148c0e4bbb64271bca1d3322360ebf4bfb7564507ae32dd639322e4952a6b16

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    THAIOCR_ROOT=/opt/thaiocr \
    THAIOCR_CACHE_DIR=/tmp/thaiocr-cache \
    THAIOCR_LOCAL_DIR=/tmp/thaiocr-local \
    THAIOCR_SERVE_HOST=0.0.0.0

# libgomp1: Paddle's CPU kernels use OpenMP. Debian's security updates move the version, so it is not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/thaiocr

# Dependencies first (their layer survives code edits): exactly the hashed lock of the core and the
# `serve` extra (make lock) - CPU Paddle, the server, no training or synthesis packages.
COPY docker/requirements-serve.lock /tmp/requirements.lock
RUN python -m pip install --require-hashes --no-deps -r /tmp/requirements.lock \
 && rm /tmp/requirements.lock

COPY pyproject.toml README.m[d] ./
COPY python/ python/
# The page detector (PP-OCRv5 mobile det, ONNX, Apache-2.0: models/detector/README.md), for mode=page.
COPY models/detector/ /opt/thaiocr/detector/
ENV THAIOCR_DETECTOR=/opt/thaiocr/detector/ppocrv5_det.onnx
RUN python -m pip install --no-deps . \
 && thaiocr serve --help > /dev/null \
 && groupadd --system --gid 10001 thaiocr \
 && useradd --system --uid 10001 --gid 10001 --no-create-home thaiocr

# SageMaker mounts /opt/ml/model read-only; the server writes nothing but its caches under /tmp.
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/ping', timeout=2)"]
ENTRYPOINT ["thaiocr"]
CMD ["serve"]
