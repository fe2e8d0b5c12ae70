"""thai-ocr: Thai text recognition with PaddleOCR on SageMaker.

Kept import-light (stdlib only): the Makefile runs `thaiocr.system_deps` with the
system Python before any virtualenv exists.
"""
import warnings

__version__ = "0.1.0"
PROJECT = "thai-ocr"

# `import paddle` warns that ccache is missing on every command; it only matters to people compiling
# Paddle's C++ extensions, which no thaiocr command does. Filtered here, before anything imports paddle.
warnings.filterwarnings("ignore", message="No ccache found", category=UserWarning)
