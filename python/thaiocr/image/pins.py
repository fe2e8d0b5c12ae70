"""The pinned PaddleOCR source: one tag and commit for the image and for `make paddleocr`.

v3.2.0 is the first release with the Thai PP-OCRv5 recognition config
(configs/rec/PP-OCRv5/multi_language/th_PP-OCRv5_mobile_rec.yaml) and its dictionary
(ppocr/utils/dict/ppocrv5_th_dict.txt). The commit is checked after download so that a moved tag
cannot change what we train with.
"""
from __future__ import annotations

PADDLEOCR_TAG = "v3.2.0"
# Commit the tag points at. GitHub tarballs carry it in their pax header (git archive), so the fetch
# checks it without git. Empty = not yet confirmed: the fetch records what it got and says so.
PADDLEOCR_COMMIT = ""
PADDLEOCR_REPO = "https://github.com/PaddlePaddle/PaddleOCR"
PADDLEOCR_TARBALL = f"{PADDLEOCR_REPO}/archive/refs/tags/{PADDLEOCR_TAG}.tar.gz"
# Files whose presence proves the tree is the one we pinned (not an older checkout).
PADDLEOCR_MARKERS = (
    "tools/train.py",
    "tools/export_model.py",
    "configs/rec/PP-OCRv5/multi_language/th_PP-OCRv5_mobile_rec.yaml",
    "ppocr/utils/dict/ppocrv5_th_dict.txt",
)
# Only these parts of the repository are needed to train and export.
PADDLEOCR_PARTS = ("tools", "ppocr", "configs")
# Written into the tree by the fetch: what was fetched, so a re-run can be a no-op.
STAMP_FILE = ".thaiocr-source.json"
# sha256 of the tarball, once known (GitHub's archives are stable in practice, not by promise).
PADDLEOCR_SHA256 = ""
