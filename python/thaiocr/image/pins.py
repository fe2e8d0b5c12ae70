"""Kept for image/build.py and older imports: the pin lives in thaiocr.upstream.pins."""
from thaiocr.upstream.pins import *  # noqa: F401,F403
