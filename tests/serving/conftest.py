"""These tests run a Paddle model (built in tests/conftest.py's `tiny_model`): skip them without paddle."""
import pytest

pytest.importorskip("paddle", reason="needs the paddlepaddle package (pip install -e '.[paddle]')")
