"""Line framing: any crop of one text line -> the canonical geometry the recogniser is trained on.

Real crops arrive in every framing: tight to the ink (a PDF text layer, a detector's box), loose,
off-centre, with or without ascenders and descenders. A recogniser trained on one framing reads the
others badly (issue 12: 36% CER on tight crops, 14% once padded). So every image goes through
`frame_line` before the model sees it, in synthesis (with jitter), in training data checks and at
inference (without jitter): the model only ever sees the canonical framing.

Canonical: gray, paper white (255) and ink black (contrast stretched), the line's ink band (the rows
of the main text run, marks included; a neighbouring line's fragments are dropped) scaled to
`INK_FRACTION` of the output height and centred vertically, `SIDE_MARGIN` x height of paper left and
right. The geometry is a pure function of the ink, so the same line cropped tight, padded or shifted
gives the same image.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np

VERSION = "canonical-v1"  # recorded in manifests of datasets written in this framing
INK_FRACTION = 0.75  # ink band height / output height
SIDE_MARGIN = 0.15  # paper left and right, as a fraction of the output height
_GAP_MERGE = 0.45  # ink runs separated by less than this x the main run's height are one line (marks)
_MIN_RUN_MASS = 0.03  # runs with less ink than this x the main run's, beyond the gap, are neighbours' fragments
_MIN_CORE_HEIGHT = 0.4  # the main run is at least this x the tallest run's height (rules are thinner)


def manifest_framing(manifest: dict) -> str | None:
    """The framing a dataset manifest records: VERSION when its lines are canonically framed (the `framing`
    field, or a spec that lists the `frame` effect), else None ("ink-tight" crops are not canonical)."""
    if manifest.get("framing"):
        return VERSION if manifest["framing"] == VERSION else None
    effects = (manifest.get("spec") or {}).get("effects") or []
    return VERSION if any(isinstance(e, dict) and e.get("name") == "frame" for e in effects) else None


@dataclass(frozen=True)
class Jitter:
    """Training-time variation around the canonical framing, so small ink-finding errors and real
    croppers' habits do not surprise the model."""

    ink_fraction: tuple[float, float] = (0.62, 0.88)
    offset: float = 0.07  # vertical offset of the band centre, fraction of the height (+/-)
    side: tuple[float, float] = (0.0, 0.6)  # margins left and right, fractions of the height


@dataclass(frozen=True)
class InkBox:
    top: int
    bottom: int  # exclusive
    left: int
    right: int  # exclusive
    paper: float  # paper lightness (0-255) after polarity
    ink: float  # ink lightness
    inverted: bool  # light text on a dark ground


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:  # transparent PNGs: composite on white
        alpha = image[:, :, 3:4].astype(np.float32) / 255.0
        image = (image[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _runs(active: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of each run of True."""
    d = np.diff(np.concatenate(([0], active.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1), strict=True))


def find_ink(gray: np.ndarray) -> InkBox | None:
    """The box of the line's ink, or None for a blank crop."""
    if gray.size == 0:
        return None
    lo, hi = np.percentile(gray, (1, 99))
    if hi - lo < 32:  # flat: nothing printed
        return None
    median = float(np.median(gray))
    inverted = median < (lo + hi) / 2
    g = 255 - gray if inverted else gray
    thresh, _ = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink_mask = g < thresh
    rows = ink_mask.sum(axis=1)
    # a row is ink when enough of it is: isolated specks of noise do not move the box
    row_on = rows >= max(1, int(0.002 * g.shape[1]))
    runs = _runs(row_on)
    if not runs:
        return None
    mass = [int(rows[a:b].sum()) for a, b in runs]
    # the core is the heaviest run of letter height: a full-width rule (an underline, a table border, a
    # dot leader's underscores) can outweigh a short word, but it is thin, and must not become the line
    tallest = max(b - a for a, b in runs)
    core = max((k for k, (a, b) in enumerate(runs) if b - a >= _MIN_CORE_HEIGHT * tallest), key=mass.__getitem__)
    top, bottom = runs[core]
    height = bottom - top
    core_mass = mass[core]  # not the total: a rule's ink must not make the line's own marks look like noise
    # grow the core over marks above and below (small gaps), never over a neighbour line's fragment
    for step in (-1, 1):
        k = core + step
        while 0 <= k < len(runs):
            a, b = runs[k]
            gap = (top - b) if step < 0 else (a - bottom)
            if gap > _GAP_MERGE * max(height, 1) or (mass[k] < _MIN_RUN_MASS * core_mass and gap > 0.15 * height):
                break
            top, bottom = min(top, a), max(bottom, b)
            k += step
    band = ink_mask[top:bottom]
    cols = np.flatnonzero(band.sum(axis=0) >= 1)
    if cols.size == 0:
        return None
    paper = float(np.median(g[~ink_mask])) if (~ink_mask).any() else 255.0
    ink = float(np.percentile(g[ink_mask], 5))
    return InkBox(int(top), int(bottom), int(cols[0]), int(cols[-1]) + 1, paper, ink, bool(inverted))


def frame_line(image: np.ndarray, height: int = 32, *, jitter: Jitter | None = None,
               rnd: random.Random | None = None) -> np.ndarray:
    """Re-frame a line crop (BGR, BGRA or gray uint8) to the canonical geometry: a gray uint8 image of
    `height` rows. With `jitter` (training only), margins and scale vary, drawn from `rnd`."""
    gray = to_gray(image)
    box = find_ink(gray)
    if box is None:
        return np.full((height, max(4, height)), 255, np.uint8)
    g = 255 - gray if box.inverted else gray
    crop = g[box.top:box.bottom, box.left:box.right].astype(np.float32)
    span = max(box.paper - box.ink, 1.0)
    crop = np.clip((crop - box.ink) * (255.0 / span), 0, 255)  # ink 0, paper 255

    if jitter is not None:
        rnd = rnd or random.Random()
        fraction = rnd.uniform(*jitter.ink_fraction)
        offset = rnd.uniform(-jitter.offset, jitter.offset)
        left, right = rnd.uniform(*jitter.side), rnd.uniform(*jitter.side)
    else:
        fraction, offset, left, right = INK_FRACTION, 0.0, SIDE_MARGIN, SIDE_MARGIN
    ink_h = max(1, int(round(height * fraction)))
    scale = ink_h / crop.shape[0]
    ink_w = max(1, int(round(crop.shape[1] * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(crop, (ink_w, ink_h), interpolation=interp)
    y0 = int(round((height - ink_h) / 2 + offset * height))
    y0 = min(max(y0, 0), height - ink_h)
    x0 = int(round(left * height))
    out = np.full((height, x0 + ink_w + int(round(right * height))), 255.0, np.float32)
    out[y0:y0 + ink_h, x0:x0 + ink_w] = resized
    return out.astype(np.uint8)
