"""Document-realistic synthesis (issue 12): framed lines, rules, bullets in a symbol face, weighted fonts."""
import random
from collections import Counter

import cv2
import numpy as np
import pytest
from tests.conftest import needs_fonts

from thaiocr.imaging.framing import find_ink
from thaiocr.synth import effects
from thaiocr.synth import fonts as fontlib
from thaiocr.synth.generate import resolve_fonts
from thaiocr.synth.render import render_mask
from thaiocr.synth.sample import SampleMaker
from thaiocr.synth.spec import parse_spec

pytestmark = needs_fonts
SPEC = "datasets/specs/th_lines_real.yaml"


@pytest.fixture(scope="module")
def real_spec():
    """The real-document spec; its held-out families come from `make fonts`, so a fresh machine without
    .cache/fonts renders it with no held-out split (the rest of the spec as written)."""
    import yaml

    data = yaml.safe_load(open(SPEC, encoding="utf-8"))
    data["count"] = 60
    if not any(fontlib.discover(False, [], [], optional=[".cache/fonts"])):
        data["fonts"]["test_holdout"] = []
    return parse_spec(data, SPEC)


def test_real_spec_reaches_long_lines(real_spec):
    assert real_spec.max_text_length >= 80
    assert "frame" in {e.name for e in real_spec.effects}
    assert "symbols" in real_spec.dictionary_base
    assert real_spec.fonts.weights["Laksaman"] > 1


def test_samples_are_framed_gray_lines(real_spec):
    maker = SampleMaker(real_spec, resolve_fonts(real_spec)[0])
    fractions = []
    for i in range(40):
        s = maker.make("train", i)
        img = cv2.imdecode(np.frombuffer(s.image, np.uint8), cv2.IMREAD_UNCHANGED)
        assert img.ndim == 2 and img.shape[0] == real_spec.image_height
        box = find_ink(img)
        fractions.append((box.bottom - box.top) / img.shape[0])
    assert 0.55 < min(fractions) and max(fractions) < 0.95  # the jitter's ink band, never the font's frame


def test_rules_add_lines_around_the_text():
    mask = np.zeros((30, 100), np.uint8)
    mask[8:22, 10:90] = 255
    c = effects.Canvas(mask=mask.copy())
    effects.rules(c, random.Random(1), underline=1.0, table=0.0, vertical=1.0, thickness=(2, 2), gap=(1, 1))
    h, w = c.mask.shape
    assert h > 30 and w > 100 and c.size == (float(w), float(h))
    assert c.mask[-3:].max() == 255 and (c.mask[:, :2] == 255).all()  # underline and cell borders


def test_stretch_changes_the_width_only():
    """Narrow faces no free font matches (Cordia): the warp scales x, keeps the line height."""
    mask = np.zeros((30, 100), np.uint8)
    mask[8:22, 10:90] = 255
    for lo_hi, expect in (((0.7, 0.7), 70.0), ((1.2, 1.2), 120.0)):
        c = effects.Canvas(mask=mask.copy())
        effects.stretch(c, random.Random(1), scale=lo_hi)
        assert c.size == pytest.approx((expect, 30.0))
        effects.warp(c, 30)
        assert c.mask.shape[0] == 30 and abs(c.mask.shape[1] - expect) <= 1
        cols = np.nonzero(c.mask.max(axis=0) > 127)[0]
        assert abs((cols[-1] - cols[0] + 1) - 80 * lo_hi[0]) <= 2


def test_bullets_missing_from_a_face_come_from_the_symbol_font():
    font = next(f for f in fontlib.discover(True, [], []) if f.family == "Loma")
    if fontlib.symbol_font() is None:
        pytest.skip("fonts-dejavu-core is not installed")
    assert "●" not in font.chars and font.covers("● ข้อ")
    assert render_mask("● ข้อ", font, 32).shape[1] > render_mask("ข้อ", font, 32).shape[1] + 10


def test_font_weights_shift_the_mix():
    spec = parse_spec({"name": "w", "count": 10, "fonts": {"weights": {"Loma": 50}}})
    maker = SampleMaker(spec, resolve_fonts(spec)[0])
    used = Counter(maker.make("train", i).font.split()[0] for i in range(200))
    assert used["Loma"] > 100
