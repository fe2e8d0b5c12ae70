"""Degradations that make rendered text look scanned, printed or photographed.

Each effect is a function over a `Canvas` plus a parameter schema, so a spec can switch it on with a
probability and ranges, and a wrong name or parameter is caught before any image is made.
Stages run in a fixed order: ink (on the rendered mask), geometry (composed into one warp), paper, then
photometry on a single lightness channel that is coloured last.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

import cv2
import numpy as np


@dataclass
class Canvas:
    """A sample in the making. Geometry effects only compose `matrix` and `size` (output frame); the ink
    mask is warped once, straight to the final height, in `warp` — one resampling instead of five."""

    mask: np.ndarray  # uint8 ink coverage, 255 = full ink (render resolution until `warp`)
    image: np.ndarray | None = None  # uint8 lightness after compositing (0 = ink, 255 = paper)
    ink: tuple[int, int, int] = (20, 20, 20)
    paper: tuple[int, int, int] = (250, 250, 250)
    texture: float = 0.0  # amplitude of the paper texture, 0 = flat
    matrix: np.ndarray = field(default_factory=lambda: np.eye(3))
    size: tuple[float, float] = (0.0, 0.0)  # (width, height) of the output frame, before scaling

    def __post_init__(self):
        if self.size == (0.0, 0.0):
            self.size = (float(self.mask.shape[1]), float(self.mask.shape[0]))

    def then(self, m: np.ndarray, size: tuple[float, float]) -> None:
        self.matrix = m @ self.matrix
        self.size = size


def _uniform(rnd: random.Random, lo_hi) -> float:
    lo, hi = lo_hi
    return rnd.uniform(lo, hi)


def _translate(dx: float, dy: float) -> np.ndarray:
    return np.array([[1.0, 0, dx], [0, 1.0, dy], [0, 0, 1.0]])


# ---- ink (on the rendered mask) ------------------------------------------------------------------

def ink(c: Canvas, rnd: random.Random, bleed_prob=0.5, strength=(0.3, 1.0)) -> None:
    """Ink bleed (toner spread, fat strokes) or erosion (faded, broken strokes)."""
    s = _uniform(rnd, strength)
    k = np.ones((2, 2), np.uint8)
    other = cv2.dilate(c.mask, k) if rnd.random() < bleed_prob else cv2.erode(c.mask, k)
    c.mask = cv2.addWeighted(c.mask, 1 - s, other, s, 0)


def rules(c: Canvas, rnd: random.Random, underline=0.5, table=0.4, vertical=0.3, thickness=(1, 3),
          gap=(0, 4)) -> None:
    """Lines printed with the text: an underline, table rules above or below (touching the text or
    a few pixels away) and cell borders at the ends, as a real document's line crop holds them."""
    h, w = c.mask.shape
    t = rnd.randint(*thickness)
    top, bottom, left, right = 0, 0, 0, 0
    marks = []
    if rnd.random() < underline:
        g = rnd.randint(*gap)
        marks.append(("below", g, t))
        bottom = max(bottom, g + t)
    if rnd.random() < table:
        g = rnd.randint(*gap)
        side = rnd.choice(("above", "below"))
        marks.append((side, g, t))
        if side == "above":
            top = max(top, g + t)
        else:
            bottom = max(bottom, g + t + (bottom and 2))
    if rnd.random() < vertical:
        g = rnd.randint(2, max(3, h // 3))
        marks.append(("sides", g, t))
        left = right = g + t
    if not marks:
        return
    canvas = np.zeros((h + top + bottom, w + left + right), np.uint8)
    canvas[top:top + h, left:left + w] = c.mask
    H, W = canvas.shape
    for side, g, th in marks:
        if side == "below":
            y = top + h + g
            canvas[min(y, H - th):min(y, H - th) + th, :] = 255
        elif side == "above":
            canvas[max(0, top - g - th):max(0, top - g - th) + th, :] = 255
        else:
            canvas[:, :th] = 255
            canvas[:, W - th:] = 255
    c.mask = canvas
    c.size = (float(W), float(H))


# ---- geometry (composed into one matrix) ---------------------------------------------------------

def padding(c: Canvas, rnd: random.Random, pixels=(2, 10)) -> None:
    """Margins around the text, as a line cropper leaves them."""
    t, b, l, r = (rnd.randint(*pixels) for _ in range(4))
    w, h = c.size
    c.then(_translate(l, t / 2), (w + l + r, h + (t + b) / 2))


def shift(c: Canvas, rnd: random.Random, pixels=4) -> None:
    """Off-centre text: the line detector's box is never exact."""
    dx, dy = rnd.randint(-pixels, pixels), rnd.randint(-pixels // 2, pixels // 2)
    c.then(_translate(dx, dy), c.size)


def stretch(c: Canvas, rnd: random.Random, scale=(0.8, 1.15)) -> None:
    """Condensed or widened letters: narrow document faces (Cordia, Browallia) that no free font
    matches, and justified or letter-spaced lines. Only the width changes; the height is the font's."""
    s = _uniform(rnd, scale)
    w, h = c.size
    c.then(np.diag([s, 1.0, 1.0]), (w * s, h))


def rotation(c: Canvas, rnd: random.Random, degrees=3.0) -> None:
    """Skew of a page on the scanner glass; the frame grows so no ink is cut."""
    w, h = c.size
    m = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), rnd.uniform(-degrees, degrees), 1.0), [0, 0, 1]])
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = h * sin + w * cos, h * cos + w * sin
    c.then(_translate(nw / 2 - w / 2, nh / 2 - h / 2) @ m, (nw, nh))


def perspective(c: Canvas, rnd: random.Random, strength=0.04) -> None:
    """A phone held at an angle: each corner moves by up to 4 × `strength` of the line height."""
    w, h = c.size
    d = strength * h * 4
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + np.float32([[rnd.uniform(-d, d), rnd.uniform(-d, d)] for _ in range(4)])
    dst -= dst.min(axis=0)
    c.then(cv2.getPerspectiveTransform(src, dst).astype(np.float64),
           (float(dst[:, 0].max()), float(dst[:, 1].max())))


def warp(c: Canvas, height: int) -> None:
    """Apply the composed geometry and scale to `height` in one resampling."""
    w, h = c.size
    scale = height / h
    width = max(1, int(round(w * scale)))
    m = np.diag([scale, scale, 1.0]) @ c.matrix
    if m[2, 0] == 0 and m[2, 1] == 0:  # no perspective: the cheaper affine warp
        c.mask = cv2.warpAffine(c.mask, m[:2], (width, height), flags=cv2.INTER_LINEAR, borderValue=0)
    else:
        c.mask = cv2.warpPerspective(c.mask, m, (width, height), flags=cv2.INTER_LINEAR, borderValue=0)


# ---- composition -------------------------------------------------------------------------------
# Paper and photo effects work on one lightness channel (0 = ink, 255 = paper), three times cheaper than
# colour; `colorize` maps it to ink and paper colours at the end through a lookup table.

@lru_cache(maxsize=1)
def _noise_tile() -> np.ndarray:
    """Unit Gaussian noise, made once per process from a fixed seed: samples crop it at random offsets."""
    return np.random.default_rng(20261122).standard_normal((256, 4096), dtype=np.float32)


@lru_cache(maxsize=1)
def _texture_tile() -> np.ndarray:
    """Smooth unit-variance noise (paper fibre, uneven lighting), likewise made once."""
    small = np.random.default_rng(7).standard_normal((24, 384)).astype(np.float32)
    tile = cv2.resize(small, (4096, 256), interpolation=cv2.INTER_CUBIC)
    return tile / tile.std()


def _crop(tile: np.ndarray, h: int, w: int, rnd: random.Random) -> np.ndarray:
    th, tw = tile.shape
    if h > th or w > tw:
        tile = np.tile(tile, (h // th + 1, w // tw + 1))
        th, tw = tile.shape
    y, x = rnd.randrange(th - h + 1), rnd.randrange(tw - w + 1)
    return tile[y:y + h, x:x + w]


def background(c: Canvas, rnd: random.Random, tint=25, texture=(0.0, 12.0)) -> None:
    """Paper that is not pure white: a tint and a smooth uneven texture (shadows, recycled paper)."""
    base = 255 - rnd.randint(0, tint)
    c.paper = tuple(int(np.clip(base - rnd.randint(0, tint // 2), 0, 255)) for _ in range(3))
    c.texture = _uniform(rnd, texture)


def composite(c: Canvas, rnd: random.Random) -> None:
    """Lightness from the ink mask, plus the paper texture if any."""
    light = cv2.bitwise_not(c.mask)
    if c.texture > 0:
        h, w = light.shape
        tex = _crop(_texture_tile(), h, w, rnd)
        light = cv2.convertScaleAbs(cv2.scaleAdd(tex, float(c.texture), light.astype(np.float32)))
    c.image = light


_RAMP = np.linspace(0.0, 1.0, 256, dtype=np.float32)[:, None]


def colorize(c: Canvas) -> np.ndarray:
    """BGR image: lightness 0 is the ink colour, 255 the paper colour."""
    ramp = _RAMP
    ink, paper = np.float32(c.ink), np.float32(c.paper)
    lut = np.clip(ink + (paper - ink) * ramp, 0, 255).astype(np.uint8).reshape(256, 1, 3)
    return cv2.LUT(cv2.merge([c.image, c.image, c.image]), lut)


# ---- photometry (on lightness) -------------------------------------------------------------

def brightness(c: Canvas, rnd: random.Random, range=0.3) -> None:  # noqa: A002 - spec field name
    """Exposure: intensities scaled by 1 ± `range`."""
    c.image = cv2.convertScaleAbs(c.image, alpha=1.0 + rnd.uniform(-range, range))


def contrast(c: Canvas, rnd: random.Random, range=0.2) -> None:  # noqa: A002
    """Contrast around mid-grey: ±`range`."""
    a = 1.0 + rnd.uniform(-range, range)
    c.image = cv2.convertScaleAbs(c.image, alpha=a, beta=128 * (1 - a))


def blur(c: Canvas, rnd: random.Random, sigma=(0.3, 1.2)) -> None:
    """Defocus or scan blur."""
    c.image = cv2.GaussianBlur(c.image, (0, 0), _uniform(rnd, sigma))


def noise(c: Canvas, rnd: random.Random, sigma=(2.0, 10.0)) -> None:
    """Sensor grain."""
    h, w = c.image.shape
    n = _crop(_noise_tile(), h, w, rnd)
    c.image = cv2.convertScaleAbs(cv2.scaleAdd(n, _uniform(rnd, sigma), c.image.astype(np.float32)))


def low_resolution(c: Canvas, rnd: random.Random, scale=(0.4, 0.8)) -> None:
    """A low-dpi scan or a distant photo: down-sample, then back up."""
    h, w = c.image.shape[:2]
    s = _uniform(rnd, scale)
    small = cv2.resize(c.image, (max(1, int(w * s)), max(1, int(h * s))), interpolation=cv2.INTER_AREA)
    c.image = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def jpeg(c: Canvas, rnd: random.Random, quality=(30, 90)) -> None:
    """Compression artefacts of photos sent through chat apps."""
    q = rnd.randint(*quality)
    ok, buf = cv2.imencode(".jpg", c.image, [cv2.IMWRITE_JPEG_QUALITY, q])
    c.image = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def frame(c: Canvas, rnd: random.Random, ink_fraction=(0.62, 0.88), offset=0.07, side=(0.0, 0.6)) -> None:
    """Placeholder for the spec schema: framing itself runs in the sample maker (thaiocr.imaging.framing),
    on every sample of a spec that lists it; `p` is the share framed with jitter rather than exactly."""


# name -> (function, stage, parameter defaults). Stage order is fixed; spec order is not significant.
EFFECTS: dict[str, tuple[Callable[..., None], str, dict[str, Any]]] = {
    "ink": (ink, "ink", {"bleed_prob": 0.5, "strength": (0.3, 1.0)}),
    "rules": (rules, "ink", {"underline": 0.5, "table": 0.4, "vertical": 0.3, "thickness": (1, 3),
                             "gap": (0, 4)}),
    "padding": (padding, "geometry", {"pixels": (2, 10)}),
    "shift": (shift, "geometry", {"pixels": 4}),
    "stretch": (stretch, "geometry", {"scale": (0.8, 1.15)}),
    "rotation": (rotation, "geometry", {"degrees": 3.0}),
    "perspective": (perspective, "geometry", {"strength": 0.04}),
    "background": (background, "paper", {"tint": 25, "texture": (0.0, 12.0)}),
    "brightness": (brightness, "photo", {"range": 0.3}),
    "contrast": (contrast, "photo", {"range": 0.2}),
    "blur": (blur, "photo", {"sigma": (0.3, 1.2)}),
    "noise": (noise, "photo", {"sigma": (2.0, 10.0)}),
    "low_resolution": (low_resolution, "photo", {"scale": (0.4, 0.8)}),
    "jpeg": (jpeg, "photo", {"quality": (30, 90)}),
    "frame": (frame, "frame", {"ink_fraction": (0.62, 0.88), "offset": 0.07, "side": (0.0, 0.6)}),
}
STAGES = ("ink", "geometry", "paper", "photo", "frame")
