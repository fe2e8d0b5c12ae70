"""Image bytes in, BGR arrays out: one place that says what counts as an image for predict and serve."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from thaiocr.errors import UserError

MAX_PIXELS = 40_000_000  # a decoded bomb would exhaust memory long before the model sees it


class NotAnImage(UserError):
    pass


def decode_image(data: bytes, what: str = "input") -> np.ndarray:
    """Decode PNG/JPEG (or anything OpenCV reads) bytes to BGR uint8; never returns None."""
    import cv2

    if not data:
        raise NotAnImage(f"{what}: empty, not an image")
    if not _looks_like_image(data):
        raise NotAnImage(f"{what}: not an image (expected PNG or JPEG bytes)")
    buf = np.frombuffer(data, dtype=np.uint8)
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    if img is None or img.size == 0:
        raise NotAnImage(f"{what}: not a decodable image")
    if img.shape[0] * img.shape[1] > MAX_PIXELS:
        raise NotAnImage(f"{what}: {img.shape[1]}x{img.shape[0]} pixels is over the limit of {MAX_PIXELS}")
    return img


def _looks_like_image(data: bytes) -> bool:
    # checked before decoding so that a huge non-image never reaches the decoder
    signatures = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
    return data.startswith(signatures)


def read_image(source: str, env: str = "local") -> np.ndarray:
    """A file path or an s3:// URI."""
    if source.startswith("s3://"):
        from thaiocr.evaluation.model_source import read_s3_bytes

        return decode_image(read_s3_bytes(source, env), source)
    path = Path(source)
    if not path.is_file():
        raise UserError(f"image not found: {source}")
    return decode_image(path.read_bytes(), source)
