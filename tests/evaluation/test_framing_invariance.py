"""The shipped model reads a line the same whether it is cropped tight, padded or shifted (issue 12)."""
import cv2
import pytest
from tests.conftest import needs_fonts

from thaiocr.evaluation.model_source import default_model
from thaiocr.evaluation.recognizer import Recognizer
from thaiocr.imaging.framing import find_ink

pytestmark = needs_fonts


@pytest.fixture(scope="module")
def shipped():
    """The default model (th_lines_cpu_v2 and later are trained on canonically framed lines)."""
    return Recognizer(default_model())


def _line(text):
    from thaiocr.synth import fonts as fontlib
    from thaiocr.synth.render import render_mask

    font = next(f for f in fontlib.discover(True, [], []) if f.name == "Laksaman Regular")
    gray = 255 - render_mask(text, font, 44)
    box = find_ink(gray)
    return gray[box.top:box.bottom, max(0, box.left - 1):box.right + 1]


def _border(img, t, b, l, r):
    return cv2.copyMakeBorder(img, t, b, l, r, cv2.BORDER_CONSTANT, value=255)


def test_the_model_frames_its_inputs(shipped):
    assert shipped.framing, "a model trained on canonically framed lines frames every input"


@pytest.mark.parametrize("text", ["ประกาศมหาวิทยาลัย เรื่อง การรับสมัคร", "ระยะเวลา 3 ปี (พ.ศ. 2566)"])
def test_tight_padded_and_shifted_crops_read_the_same(shipped, text):
    tight = _line(text)
    h = tight.shape[0]
    crops = [tight, _border(tight, h // 4, h // 4, h // 4, h // 4), _border(tight, h // 2, 0, 0, h),
             _border(tight, 0, h // 2, h, 3), cv2.cvtColor(_border(tight, 3, 8, 12, 5), cv2.COLOR_GRAY2BGR)]
    reads = [p.text for p in shipped.predict(crops)]
    assert len(set(reads)) == 1, reads
