"""Optional degradation of imported line crops (`--degrade blur=0.8,noise=6,jpeg=50,scale=0.6`).

Real prints are clean; degraded copies of the same lines test (or train) robustness to scans and
photos. Deterministic per line, so a rebuild gives the same images.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from thaiocr.errors import UserError

KINDS = {"blur": (0.0, 5.0), "noise": (0.0, 60.0), "jpeg": (5.0, 95.0), "scale": (0.2, 1.0)}


@dataclass(frozen=True)
class Degrade:
    params: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    @classmethod
    def parse(cls, spec: str | None) -> "Degrade":
        if not spec or spec == "none":
            return cls()
        out = []
        for item in spec.split(","):
            key, _, value = item.strip().partition("=")
            if key not in KINDS:
                raise UserError(f"--degrade: unknown effect {key!r} (use {', '.join(f'{k}=N' for k in KINDS)})")
            try:
                v = float(value)
            except ValueError:
                raise UserError(f"--degrade {key}: expected a number, got {value!r}") from None
            lo, hi = KINDS[key]
            if not lo <= v <= hi:
                raise UserError(f"--degrade {key}={value}: must be within {lo:g}..{hi:g}")
            out.append((key, v))
        return cls(tuple(out))

    def names(self) -> list[str]:
        return [k for k, _ in self.params]

    def as_dict(self) -> dict:
        return dict(self.params)

    def apply(self, img: np.ndarray, *, seed: str) -> np.ndarray:
        if not self.params:
            return img
        import cv2

        rng = np.random.default_rng(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))
        for key, v in self.params:
            if key == "blur" and v > 0:
                img = cv2.GaussianBlur(img, (0, 0), v)
            elif key == "noise" and v > 0:
                img = np.clip(img.astype(np.float32) + rng.normal(0, v, img.shape), 0, 255).astype(np.uint8)
            elif key == "jpeg":
                ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(v)])
                img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE) if ok else img
            elif key == "scale" and v < 1:
                h, w = img.shape[:2]
                small = cv2.resize(img, (max(1, int(w * v)), max(1, int(h * v))), interpolation=cv2.INTER_AREA)
                img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
        return img
