"""Kept for `thaiocr paddleocr fetch` (image/cli.py): the fetch lives in thaiocr.upstream.fetch."""
from thaiocr.upstream.fetch import fetch, target  # noqa: F401
