"""A random-weight model with the exported signature and a few rendered lines: no PaddleOCR tree needed."""
from __future__ import annotations

import pytest

pytest.importorskip("paddle", reason="needs the paddlepaddle package (pip install -e '.[paddle]')")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    from thaiocr.evaluation.tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("model") / "tiny")


@pytest.fixture(scope="session")
def sample_dataset(tmp_path_factory):
    from thaiocr.evaluation.samples import write_sample_dataset

    return write_sample_dataset(tmp_path_factory.mktemp("data") / "ds", n=6)
