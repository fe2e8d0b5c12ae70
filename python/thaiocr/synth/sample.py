"""One synthetic sample from its seed: text, font, render, effects, encoded image.

Everything random is drawn from `random.Random(f"{seed}/{index}")`, so a sample depends on the spec
and its index alone: byte-identical whatever the worker count or the order shards run in.
"""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

import cv2

from thaiocr.errors import UserError
from thaiocr.imaging.framing import Jitter, frame_line
from thaiocr.synth.effects import EFFECTS, STAGES, Canvas, colorize, composite, warp
from thaiocr.synth.fonts import Font
from thaiocr.synth.render import render_mask
from thaiocr.synth.spec import Spec
from thaiocr.text.sources import TextSampler

INKS = ((20, 20, 20), (0, 0, 0), (45, 45, 45), (110, 40, 25), (30, 30, 120))  # BGR: black, grey, blue, red
INK_WEIGHTS = (0.55, 0.2, 0.1, 0.1, 0.05)
JPEG_QUALITY = 95
RENDER_OVERSAMPLE = 1.5  # framed specs render taller, so framing scales down (never blurs up)


@dataclass
class Sample:
    text: str
    font: str
    size: int
    effects: list[str]
    image: bytes


class SampleMaker:
    def __init__(self, spec: Spec, fonts: dict[str, list[Font]]):
        cv2.setNumThreads(1)  # images are small: OpenCV's own threads only fight the worker processes
        self.spec = spec
        self.fonts = fonts
        self.text = TextSampler(spec.mode, spec.text, spec.max_text_length, spec.use_space_char)
        by_stage: dict[str, list] = {stage: [] for stage in STAGES}
        self.framing = next((e for e in spec.effects if e.name == "frame"), None)
        self.jitter = Jitter(**self.framing.params) if self.framing else None
        self.font_weights = self._font_weights(getattr(spec.fonts, "weights", None) or {})
        for e in spec.effects:
            if e.name == "frame":
                continue
            if e.p > 0:
                fn, stage, _ = EFFECTS[e.name]
                by_stage[stage].append((e, fn))
        # a fixed order (the registry's), whatever order the spec lists them in
        order = list(EFFECTS)
        self.stages = {k: sorted(v, key=lambda ef: order.index(ef[0].name)) for k, v in by_stage.items()}

    def _font_weights(self, weights: dict[str, float]) -> dict[str, list[float]] | None:
        """Per split, each font's sampling weight: the first `fonts.weights` key its name contains
        (documents use a few faces far more than others), 1.0 otherwise."""
        if not weights:
            return None
        def weight(name: str) -> float:
            return next((float(w) for key, w in weights.items() if key.lower() in name.lower()), 1.0)
        return {split: [weight(f.name) for f in fonts] for split, fonts in self.fonts.items()}

    def _pick(self, rnd: random.Random, split: str) -> tuple[str, Font]:
        fonts = self.fonts[split]
        weights = self.font_weights and self.font_weights[split]
        for _ in range(50):
            text = self.text.sample(rnd)
            if weights:
                start = rnd.choices(range(len(fonts)), weights)[0]
            else:
                start = rnd.randrange(len(fonts))
            for k in range(len(fonts)):
                font = fonts[(start + k) % len(fonts)]
                if font.covers(text):
                    return text, font
        raise UserError(f"no {split} font covers the spec's text (e.g. {text!r}); "
                        f"add fonts (fonts.files) or change text.mix")

    def make(self, split: str, index: int) -> Sample:
        spec = self.spec
        rnd = random.Random(f"{spec.seed}/{index}")
        text, font = self._pick(rnd, split)
        # one of the two sizes per font: rasterisation varies across fonts, and each worker's glyph-cluster
        # cache holds one size per font instead of two (half the cold misses)
        size = spec.fonts.size[zlib.crc32(font.name.encode()) % 2]
        canvas = Canvas(mask=render_mask(text, font, size))
        applied: list[str] = []

        def run(stage: str) -> None:
            for e, fn in self.stages[stage]:
                if rnd.random() < e.p:
                    fn(canvas, rnd, **e.params)
                    applied.append(e.name)

        run("ink")
        run("geometry")
        framed = self.framing is not None
        warp(canvas, int(round(spec.image_height * RENDER_OVERSAMPLE)) if framed else spec.image_height)
        canvas.ink = INKS[rnd.choices(range(len(INKS)), INK_WEIGHTS)[0]]
        run("paper")
        composite(canvas, rnd)
        run("photo")
        if framed:
            # the same re-framing inference applies, found from the degraded image as a cropper would
            jittered = rnd.random() < self.framing.p
            image = frame_line(canvas.image, spec.image_height, jitter=self.jitter if jittered else None, rnd=rnd)
            if jittered:
                applied.append("frame")
        else:
            image = colorize(canvas)
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        return Sample(text=text, font=font.name, size=size, effects=applied, image=buf.tobytes())
