import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from thaiocr.text.normalize import SARA_AM, is_normalized, normalize_text

THAI = st.text(alphabet=st.sampled_from([chr(c) for c in range(0x0E01, 0x0E5C)] + list(" ab1\u200b\t")),
               max_size=30)


def test_sara_am_is_one_code_point():
    assert normalize_text("น\u0e49\u0e4d\u0e32") == "น\u0e49" + SARA_AM  # nikhahit + tone + sara aa
    assert normalize_text("น\u0e4d\u0e49\u0e32") == "น\u0e49" + SARA_AM  # tone typed between them
    assert normalize_text("น" + SARA_AM + "\u0e49") == "น\u0e49" + SARA_AM  # tone typed after sara am
    assert "\u0e4d\u0e32" not in normalize_text("ทำ กำลัง น\u0e4d\u0e32")


def test_tone_mark_follows_upper_vowel():
    assert normalize_text("ก\u0e48\u0e35") == "ก\u0e35\u0e48"  # ก่ี typed tone first
    assert normalize_text("ปี่") == "ปี่"


def test_whitespace_and_zero_width():
    assert normalize_text("  สวัสดี \u200b  ครับ\t") == "สวัสดี ครับ"
    assert normalize_text("a b", keep_spaces=False) == "ab"


@given(THAI)
@example("\u0e48\u200b\u0e38")  # marks joined by removing a zero-width space need NFC's order (found by hypothesis)
def test_idempotent_and_nfc(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.normalize("NFC", once) == once
    assert "\u0e4d\u0e32" not in once
    assert is_normalized(once)
