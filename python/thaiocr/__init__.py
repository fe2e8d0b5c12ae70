"""thai-ocr: Thai text recognition with PaddleOCR on SageMaker.

Kept import-light (stdlib only): the Makefile runs `thaiocr.system_deps` with the
system Python before any virtualenv exists.
"""
__version__ = "0.1.0"
PROJECT = "thai-ocr"
