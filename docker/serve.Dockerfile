# The SageMaker hosting image: CPU PaddlePaddle + this package. SageMaker runs `<image> serve` with the
# model.tar.gz unpacked at /opt/ml/model; that is `thaiocr serve` on 0.0.0.0:8080 (GET /ping,
# POST /invocations). Build from the repository root:
#   docker build -f docker/serve.Dockerfile -t thaiocr-serve .
#   docker run --rm -p 8080:8080 -v "$PWD/models/<name>:/opt/ml/model:ro" thaiocr-serve serve
# CPU on purpose: a line recogniser is small, and CPU instances are what an endpoint should cost.
# Pin the base digest once pulled: docker buildx imagetools inspect python:3.11-slim-bookworm
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

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

# Dependencies first (their layer survives code edits): the package with its `serve` extra (CPU Paddle).
COPY pyproject.toml README.m[d] ./
COPY python/thaiocr/__init__.py python/thaiocr/__init__.py
# DL3013: "." is this package; its dependencies are bounded in pyproject.toml, not pinned here.
# hadolint ignore=DL3013
RUN python -m pip install ".[serve]" \
 && python -m pip uninstall -y thaiocr

COPY python/ python/
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
