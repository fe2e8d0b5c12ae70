import numpy as np
import pytest
from tests.conftest import needs_fonts

from thaiocr.errors import UserError
from thaiocr.synth import fonts as fontlib
from thaiocr.synth import render

pytestmark = needs_fonts


@pytest.fixture(scope="module")
def fonts():
    return fontlib.discover(True, [], [])


def test_discovers_thai_fonts_with_cmaps(fonts):
    families = {f.family for f in fonts}
    assert {"Garuda", "Loma", "Noto Sans Thai"} <= families
    assert all(f.covers("สวัสดี") for f in fonts)
    noto = next(f for f in fonts if f.family == "Noto Sans Thai")
    assert not noto.covers("Hello")  # no Latin in that face: the cmap check keeps Latin labels off it


def test_holdout_is_disjoint_and_whole_families(fonts):
    split = fontlib.split_fonts(fonts, ["Garuda", "Noto Serif*"])
    test = {f.family for f in split["test"]}
    assert test == {"Garuda", "Noto Serif Thai"}
    assert not test & {f.family for f in split["train"] + split["val"]}


def test_holdout_errors(fonts):
    with pytest.raises(UserError, match="test_holdout"):
        fontlib.split_fonts(fonts, ["No Such Family"])
    with pytest.raises(UserError, match="none for train"):
        fontlib.split_fonts(fonts, ["*"])


def test_unreadable_font_file(tmp_path):
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(UserError, match="cannot read font file"):
        fontlib.discover(False, [str(bad)], [])
    with pytest.raises(UserError, match="not found"):
        fontlib.discover(False, [str(tmp_path / "missing.ttf")], [])
    assert fontlib.discover(False, [], [], optional=[str(tmp_path / "absent")]) == []


def test_raqm_is_required(monkeypatch):
    monkeypatch.setattr(render.features, "check", lambda name: False)
    with pytest.raises(UserError, match="libraqm"):
        render.require_raqm()


def _ink_width(mask):
    cols = np.flatnonzero(mask.max(axis=0))
    return cols[-1] - cols[0] + 1


def test_marks_stack_over_their_letter(fonts):
    loma = next(f for f in fonts if f.name == "Loma Regular")
    # an upper vowel and a tone mark sit over the consonant: no extra width
    assert _ink_width(render.render_mask("ปี่", loma, 32)) <= _ink_width(render.render_mask("ป", loma, 32)) * 1.3
    # and stack vertically: tone over vowel is taller than vowel alone
    rows = lambda m: np.flatnonzero(m.max(axis=1))  # noqa: E731
    assert rows(render.render_mask("ปี่", loma, 32))[0] < rows(render.render_mask("ปี", loma, 32))[0]


def test_broken_mark_fonts_rejected(fonts):
    mono = [f for f in fonts if f.family == "Tlwg Mono"]
    if not mono:
        pytest.skip("Tlwg Mono not installed")
    assert not any(render.stacks_marks(f) for f in mono)
    assert render.stacks_marks(next(f for f in fonts if f.family == "Loma"))


@pytest.mark.parametrize("text", ["สวัสดี", "น้ำ", "ปี่", "ก๊วยเตี๋ยว ฤๅษี", "Hello 123 ๑๒๓", "กำลัง (ข้อ 3)"])
def test_cached_pieces_match_whole_line_rendering(fonts, text):
    """Composing cached clusters must look like Pillow rendering the whole line at once."""
    from PIL import Image, ImageDraw

    font = next(f for f in fonts if f.name == "Waree Regular")
    ours = render.render_mask(text, font, 32)
    pil = render._pil_font(font.path, font.index, 32)
    ref = Image.new("L", (ours.shape[1] + 40, ours.shape[0] + 40))
    ImageDraw.Draw(ref).text((20, 20), text, font=pil, fill=255)
    ref = np.asarray(ref)
    ys, xs = np.nonzero(ref)
    ref = ref[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    ys, xs = np.nonzero(ours)
    ours = ours[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    assert abs(ours.shape[0] - ref.shape[0]) <= 1 and abs(ours.shape[1] - ref.shape[1]) <= 2
    h, w = min(ours.shape[0], ref.shape[0]), min(ours.shape[1], ref.shape[1])
    diff = np.abs(ours[:h, :w].astype(int) - ref[:h, :w].astype(int)).mean()
    assert diff < 12, diff
