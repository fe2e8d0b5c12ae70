"""A page rendered in gray at a given DPI: the pixels the line crops are cut from."""
from __future__ import annotations

import numpy as np


def render_gray(page, dpi: int) -> np.ndarray:
    """uint8 H x W, white paper, crop box at `dpi`; no annotations or form fields (not part of the text)."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True, draw_annots=False, may_draw_forms=False)
    img = bitmap.to_numpy()
    if img.ndim == 3:  # some builds hand back BGR(x) even when asked for gray
        img = img[..., :3].mean(axis=2).astype(np.uint8)
    return np.ascontiguousarray(img)
