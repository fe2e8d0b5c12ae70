from thaiocr.text.dictionary import build_dictionary, read_dictionary, write_dictionary


def test_dictionary_covers_labels_without_space(tmp_path):
    chars = build_dictionary(["สวัสดี ครับ", "abc 123"], base=["digits"])
    assert " " not in chars  # PaddleOCR appends it when use_space_char is true
    assert set("สวัสดีครับabc0123456789") <= set(chars)
    assert chars == sorted(chars) and all(len(c) == 1 for c in chars)
    write_dictionary(tmp_path / "d.txt", chars)
    assert read_dictionary(tmp_path / "d.txt") == chars
