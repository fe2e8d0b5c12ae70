"""Kept for callers of the old path: the dataset layout lives in thaiocr.dataset.layout (below synth and data)."""
from thaiocr.dataset.layout import *  # noqa: F401,F403
from thaiocr.dataset.layout import read_manifest, write_atomic, write_json  # noqa: F401
