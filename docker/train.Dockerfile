# The SageMaker training image: PaddlePaddle GPU + the pinned PaddleOCR source + this package, with
# `thaiocr-train` as the exec-form ENTRYPOINT (SageMaker runs it as `<entrypoint> train`).
# Build with `make image ENV=dev|prod` (tags with the git SHA and pushes to ECR).
#
# Base: the official PaddlePaddle GPU image, CUDA 12.6 + cuDNN 9.5 (runs on the A10G/L4/A100/H100
# instances SageMaker offers, driver >= 560), pinned by digest: `thaiocr image pin-base` (Docker and the
# registry needed) resolves the tag and writes the digest here; `make image ENV=dev|prod` refuses a base
# without one. To move to a newer base, change the tag and run it again.
#checkov:skip=CKV_DOCKER_3:SageMaker training runs the container as root and mounts /opt/ml root-owned; the job's role, not the container user, is the boundary.
#checkov:skip=CKV_DOCKER_2:A training job has no service to probe; SageMaker watches the process and its exit code (the health of a job is its metrics alarm).
FROM paddlepaddle/paddle:3.2.2-gpu-cuda12.6-cudnn9.5

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    THAIOCR_ROOT=/opt/thaiocr \
    PADDLEOCR_HOME=/opt/PaddleOCR

WORKDIR /opt/thaiocr

# Dependencies first (their layer survives code edits): exactly the hashed lock of the `train` extra
# (make lock); paddlepaddle-gpu comes from the base image, so the CPU `paddle` extra is never installed.
COPY docker/requirements-train.lock /tmp/requirements.lock
RUN python -m pip install --require-hashes --no-deps -r /tmp/requirements.lock \
 && rm /tmp/requirements.lock \
 && python -c "import paddle; assert paddle.is_compiled_with_cuda(), 'base image lacks CUDA paddle'"

# (README.m[d]: copied when present, as pyproject names it)
COPY pyproject.toml README.m[d] ./
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

# Sharded dataset jobs (make data INSTANCES=N, SageMaker Processing) run this image too, with
# ContainerEntrypoint ["python", "-m", "thaiocr.processing"] (thaiocr/processing/request.py). They render
# text: libraqm (Pillow's Thai mark stacking), the Thai fonts, and DejaVu for bullets a Thai face lacks.
# The base's security updates move these versions, so they are not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-thai-tlwg fonts-noto-core fonts-dejavu-core libraqm0 \
 && rm -rf /var/lib/apt/lists/*
# Nothing under /opt/ml: SageMaker mounts it at run time.
ENTRYPOINT ["thaiocr-train"]
