"""The pinned PaddleOCR source: one commit for the training image, `make paddleocr` and local runs.

The commit is upstream's 2025-05-20 tree (the v3.0.0 release content). Its git tree ids for tools/,
ppocr/ and configs/ are checked against whatever tree is found or fetched (thaiocr.upstream.gittree), so
neither a moved tag nor a stray checkout can change what we train with. docker/train.Dockerfile names
the same commit in its PADDLEOCR_COMMIT ARG (a test keeps the two equal).
"""
from __future__ import annotations

PADDLEOCR_COMMIT = "79f652f5f5ccb4293f819fc8d347d5353f0c751a"
# git tree id of each part at that commit (`git rev-parse 79f652f5:tools`, ...).
PADDLEOCR_TREES = {
    "tools": "f218ba16829f459ade2a5271d19e0517cebc8a49",
    "ppocr": "70019590ee5793941bd55aacb84f89e0382f5d75",
    "configs": "970bcf6641796aa47e53c348945b508672c5e1f8",
}
PADDLEOCR_REPO = "https://github.com/PaddlePaddle/PaddleOCR"
PADDLEOCR_TARBALL = f"{PADDLEOCR_REPO}/archive/{PADDLEOCR_COMMIT}.tar.gz"
# The ref the image records (image/build.py's build args and labels): the commit itself, no tag.
PADDLEOCR_TAG = PADDLEOCR_COMMIT
# Only these parts of the repository are needed to train and export.
PADDLEOCR_PARTS = tuple(PADDLEOCR_TREES)
# Written beside the parts by the fetch: what was fetched, so a re-run is a no-op.
STAMP_FILE = ".thaiocr-source.json"
