import json

import cv2
import numpy as np
import pytest

from thaiocr.cli import main
from thaiocr.data.validate import validate_dataset
from thaiocr.errors import UserError


@pytest.fixture
def third_party(tmp_path):
    """A PaddleOCR-style dataset from elsewhere: label file + images + dict, no manifest."""
    img = np.full((32, 100, 3), 255, np.uint8)
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        cv2.imwrite(str(tmp_path / name), img)
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    (tmp_path / "dict.txt").write_text("".join(f"{c}\n" for c in "กขคนม้ำาีปสวัดx\u0e4d\u0e48"), encoding="utf-8")
    return tmp_path


def write_labels(path, lines):
    path.write_bytes(("".join(lines)).encode("utf-8") if isinstance(lines[0], str) else b"".join(lines))
    return path


CASES = [
    ("a.jpg\tนม\n", None),
    ("a.jpg\tนมZ\n", "not-in-dict"),
    ("a.jpg\tZZ\n", "not-in-dict"),
    ("a.jpg\t" + "ก" * 30 + "\n", "too-long"),
    ("a.jpg\t\n", "empty"),
    ("a.jpg\tน\u0e49\u0e4d\u0e32\n", "split-sara-am"),  # U+0E4D is in this dict, so only this finding
    ("a.jpg\tก\u0e48\u0e35\n", "not-normalized"),
    ("a.jpg\tนม\tขค\n", "tab-in-label"),
    ("a.jpg\tนม\r\n", "carriage-return"),
    ("a.jpg นม\n", "no-tab"),
    ("missing.jpg\tนม\n", "image-missing"),
    ("broken.jpg\tนม\n", "image-undecodable"),
    ("\n", "blank-line"),
]


@pytest.mark.parametrize("line,code", CASES, ids=[c or "clean" for _, c in CASES])
def test_each_finding(third_party, line, code):
    labels = write_labels(third_party / "gt.txt", [line])
    report = validate_dataset(labels, dict_path=third_party / "dict.txt", max_text_length=25)
    codes = [f.code for f in report.findings]
    assert codes == ([code] if code else []), [str(f) for f in report.findings]
    if code:
        assert str(report.findings[0]).startswith(f"{labels}:1: {code}:")


def test_not_utf8_and_duplicates(third_party):
    labels = write_labels(third_party / "gt.txt", [b"a.jpg\t\xff\xfe\n", b"b.jpg\tnm\n".replace(b"nm", "นม".encode()),
                                                   "b.jpg\tมน\n".encode()])
    codes = [f.code for f in validate_dataset(labels, dict_path=third_party / "dict.txt").findings]
    assert codes == ["not-utf8", "duplicate-image"]


def test_spaces_follow_use_space_char(third_party):
    labels = write_labels(third_party / "gt.txt", ["a.jpg\tนม นม\n"])
    assert validate_dataset(labels, dict_path=third_party / "dict.txt", use_space_char=True).ok
    report = validate_dataset(labels, dict_path=third_party / "dict.txt", use_space_char=False)
    assert [f.code for f in report.findings] == ["not-in-dict"]


def test_default_max_length_is_paddleocrs(third_party):
    labels = write_labels(third_party / "gt.txt", ["a.jpg\t" + "ก" * 26 + "\n"])
    assert [f.code for f in validate_dataset(labels, dict_path=third_party / "dict.txt").findings] == ["too-long"]


def test_cli_exit_codes_and_json(third_party, capsys):
    labels = write_labels(third_party / "gt.txt", ["a.jpg\tนม\n", "b.jpg\tนมZ\n"])
    assert main(["data", "validate", str(labels), "--dict", str(third_party / "dict.txt")]) == 1
    out = capsys.readouterr()
    assert "gt.txt:2: not-in-dict" in out.out and "1 problem" in out.err
    assert main(["data", "validate", str(labels), "--dict", str(third_party / "dict.txt"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"not-in-dict": 1} and data["lines"] == 2
    write_labels(labels, ["a.jpg\tนม\n"])
    assert main(["data", "validate", str(labels), "--dict", str(third_party / "dict.txt")]) == 0


def test_no_dictionary_is_a_user_error(third_party, capsys):
    labels = write_labels(third_party / "gt.txt", ["a.jpg\tนม\n"])
    with pytest.raises(UserError, match="no dictionary"):
        validate_dataset(labels)
    assert main(["data", "validate", str(third_party / "nope")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
