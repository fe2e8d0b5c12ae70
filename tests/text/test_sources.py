import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaiocr.text.normalize import is_normalized
from thaiocr.text.sources import KINDS, TextMix, TextSampler

ALL = TextMix(weights={k: 1.0 for k in KINDS}, punctuation_prob=0.3)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32), max_len=st.integers(1, 60), space=st.booleans())
def test_lines_fit_max_text_length_in_code_points(seed, max_len, space):
    text = TextSampler("line", ALL, max_len, space).sample(random.Random(seed))
    assert 0 < len(text) <= max_len
    assert is_normalized(text, keep_spaces=space)
    assert space or " " not in text


def test_same_seed_same_text():
    s = TextSampler("line", ALL, 40, True)
    assert [s.sample(random.Random(i)) for i in range(50)] == [s.sample(random.Random(i)) for i in range(50)]


def test_lines_mix_sources():
    s = TextSampler("line", ALL, 40, True)
    texts = [s.sample(random.Random(i)) for i in range(400)]
    joined = "".join(texts)
    assert any(c.isascii() and c.isalpha() for c in joined)  # Latin words
    assert any("๐" <= c <= "๙" for c in joined)  # Thai digits
    assert any(c.isdigit() and c.isascii() for c in joined)  # Arabic digits
    assert sum(len(t) > 10 for t in texts) > 200  # lines, not single characters


@pytest.mark.parametrize("mode,max_len", [("char", 1), ("word", 20)])
def test_char_and_word_modes(mode, max_len):
    s = TextSampler(mode, TextMix(), max_len, False)
    texts = [s.sample(random.Random(i)) for i in range(100)]
    assert all(0 < len(t) <= max_len for t in texts)
    if mode == "char":
        assert len(set(texts)) > 30


def test_bullets_open_and_leaders_close_lines():
    mix = TextMix(weights={"thai_words": 1.0, "bullets": 0.5, "leaders": 0.3}, words_per_line=(2, 6))
    s = TextSampler("line", mix, 100, True)
    texts = [s.sample(random.Random(i)) for i in range(300)]
    from thaiocr.text.sources import BULLETS

    markers = tuple(BULLETS)
    bulleted = [t for t in texts if t.startswith(markers) and " " in t]
    assert len(bulleted) > 30
    leaders = [t for t in texts if t.rstrip("0123456789๐๑๒๓๔๕๖๗๘๙ ").endswith((".", "_", "…"))]
    assert len(leaders) > 20
    assert all(len(t) <= 100 for t in texts)
