# The SageMaker training image: PaddlePaddle GPU + the pinned PaddleOCR source + this package, with
# `thaiocr-train` as the exec-form ENTRYPOINT (SageMaker runs it as `<entrypoint> train`).
# Build with `make image ENV=dev|prod` (tags with the git SHA and pushes to ECR).
#
# Base: the official PaddlePaddle GPU image, CUDA 12.6 + cuDNN 9.5 (runs on the A10G/L4/A100/H100
# instances SageMaker offers, driver >= 560). Pin its digest as well once it has been pulled:
#   docker buildx imagetools inspect paddlepaddle/paddle:3.2.2-gpu-cuda12.6-cudnn9.5
# and build with --build-arg BASE_IMAGE=paddlepaddle/paddle:3.2.2-gpu-cuda12.6-cudnn9.5@sha256:...
ARG BASE_IMAGE=paddlepaddle/paddle:3.2.2-gpu-cuda12.6-cudnn9.5
FROM ${BASE_IMAGE}

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    THAIOCR_ROOT=/opt/thaiocr \
    PADDLEOCR_HOME=/opt/PaddleOCR

WORKDIR /opt/thaiocr

# Dependencies first (their layer survives code edits). paddlepaddle-gpu comes from the base image:
# the package is installed without its CPU `paddle` extra, with the `train` extra PaddleOCR's tools need.
# (README.m[d]: copied when present, as pyproject names it)
COPY pyproject.toml README.m[d] ./
COPY python/thaiocr/__init__.py python/thaiocr/__init__.py
# DL3013: "." is this package; its dependencies are bounded in pyproject.toml, not pinned here.
# hadolint ignore=DL3013
RUN python -m pip install ".[train]" \
 && python -m pip uninstall -y thaiocr \
 && python -c "import paddle; assert paddle.is_compiled_with_cuda(), 'base image lacks CUDA paddle'"

COPY python/ python/
COPY configs/rec/ configs/rec/
RUN python -m pip install --no-deps . \
 && thaiocr-train --help > /dev/null

# The pinned PaddleOCR commit (thaiocr/upstream/pins.py; the fetch refuses an ARG that differs from it),
# fetched and checked against its git tree ids by the same code as `make paddleocr`; only tools/, ppocr/
# and configs/ are kept.
ARG PADDLEOCR_COMMIT=79f652f5f5ccb4293f819fc8d347d5353f0c751a
RUN thaiocr paddleocr fetch \
 && python -c "import sys; sys.path.insert(0, '${PADDLEOCR_HOME}'); import tools.program, ppocr.utils.export_model"

# Nothing under /opt/ml: SageMaker mounts it at run time.
ENTRYPOINT ["thaiocr-train"]
