"""The framing contract: the canonical image is a function of the line's ink, whatever the crop."""
import random

import cv2
import numpy as np
import pytest
from tests.conftest import needs_fonts

from thaiocr.imaging.framing import INK_FRACTION, Jitter, find_ink, frame_line


@pytest.fixture(scope="module")
def line():
    """A page-like strip: one Thai line with marks above and below, white paper."""
    from thaiocr.synth import fonts as fontlib
    from thaiocr.synth.render import render_mask

    font = next(f for f in fontlib.discover(True, [], []) if f.family == "Loma")
    return 255 - render_mask("ผู้ใหญ่ สวัสดีครับ ปี่ 2567", font, 40)


def _tight(gray):
    box = find_ink(gray)
    return gray[box.top:box.bottom, box.left:box.right]


def _pad(gray, top, bottom, left, right, value=255):
    return cv2.copyMakeBorder(gray, top, bottom, left, right, cv2.BORDER_CONSTANT, value=value)


@needs_fonts
def test_tight_padded_and_shifted_crops_frame_alike(line):
    tight = _tight(line)
    h = tight.shape[0]
    crops = [tight, _pad(tight, h // 4, h // 4, h // 4, h // 4), _pad(tight, h // 2, 2, 3, h),
             _pad(tight, 1, h, h, 0), cv2.cvtColor(_pad(tight, 5, 9, 7, 2), cv2.COLOR_GRAY2BGR)]
    framed = [frame_line(c, 32) for c in crops]
    assert all(f.shape == framed[0].shape for f in framed)
    for f in framed[1:]:
        assert np.abs(f.astype(int) - framed[0]).mean() < 1.0


@needs_fonts
def test_canonical_geometry(line):
    out = frame_line(line, 32)
    box = find_ink(out)
    assert out.shape[0] == 32 and out.dtype == np.uint8
    assert abs((box.bottom - box.top) - round(32 * INK_FRACTION)) <= 1
    assert abs(box.top - (32 - (box.bottom - box.top)) / 2) <= 1  # centred
    assert out[0].min() > 200 and out[-1].min() > 200  # paper above and below


@needs_fonts
def test_inverted_faded_and_neighbour_fragments(line):
    tight = _tight(line)
    h = tight.shape[0]
    ref = frame_line(tight, 32)
    faded = (tight.astype(np.float32) * 0.4 + 140).astype(np.uint8)  # grey ink on grey paper
    assert np.abs(frame_line(faded, 32).astype(int) - ref).mean() < 6
    assert np.abs(frame_line(255 - tight, 32).astype(int) - ref).mean() < 1  # light text on dark
    # a loose crop holding the bottom of the line above it: dropped
    with_neighbour = _pad(tight, h, 4, 0, 0)
    with_neighbour[2:5, 10:60] = 0
    assert np.abs(frame_line(with_neighbour, 32).astype(int) - ref).mean() < 1.5


@needs_fonts
def test_a_rule_heavier_than_the_text_is_not_the_line(line):
    """A short word over a full-width underline or table border (rule ink outweighs the letters): the
    band is the word's, so the image is a line of text, not a black bar."""
    word = _tight(_tight(line)[:, :60])
    h, w = word.shape
    strip = _pad(word, 6, 14, 20, 900)
    strip[h + 6 + 8:h + 6 + 11, :] = 0  # a 3-px rule, 8 px below the word, across 980 px
    box = find_ink(strip)
    assert box.top == 6 and box.bottom >= 6 + h  # the word, marks included (and the rule close below it)
    out = frame_line(strip, 32)
    assert out.mean() > 150  # mostly paper: never the rule scaled up to the ink band


def test_blank_and_tiny_inputs():
    assert frame_line(np.full((20, 50), 255, np.uint8), 32).shape[0] == 32
    assert frame_line(np.zeros((0, 0), np.uint8), 32).shape[0] == 32
    dot = np.full((30, 30), 255, np.uint8)
    dot[14:16, 14:16] = 0
    assert frame_line(dot, 32).shape[0] == 32


@needs_fonts
def test_jitter_varies_within_its_ranges(line):
    rnd = random.Random(3)
    jitter = Jitter()
    for _ in range(20):
        out = frame_line(line, 32, jitter=jitter, rnd=rnd)
        box = find_ink(out)
        frac = (box.bottom - box.top) / 32
        assert jitter.ink_fraction[0] - 0.05 <= frac <= jitter.ink_fraction[1] + 0.05
