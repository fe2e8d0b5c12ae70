"""DB post-processing on hand-made probability maps, and the shipped detector on a rendered Thai page."""
import numpy as np
import pytest

from thaiocr.ocr.detector import DetectorSettings, db_boxes, default_detector_path, order_box, unclip


def test_two_text_regions_give_two_grown_boxes():
    prob = np.zeros((200, 400), np.float32)
    prob[40:52, 20:300] = 0.9
    prob[120:132, 50:380] = 0.8
    boxes = sorted(db_boxes(prob, DetectorSettings()), key=lambda b: b[0][0][1])
    assert len(boxes) == 2
    (b1, s1), (b2, _) = boxes
    assert s1 > 0.85
    # unclipped: taller than the 12-pixel region it came from
    assert b1[:, 1].min() < 40 and b1[:, 1].max() > 51 and b1[:, 0].min() < 20
    assert b2[:, 1].min() > 100


def test_faint_and_tiny_regions_are_dropped():
    prob = np.zeros((100, 100), np.float32)
    prob[10:20, 10:80] = 0.35  # above the pixel threshold, below the box threshold
    prob[50, 50] = 0.9  # one pixel
    assert db_boxes(prob, DetectorSettings()) == []


def test_order_box_is_clockwise_from_top_left():
    pts = np.array([[10, 20], [0, 0], [10, 0], [0, 20]], dtype=np.float32)
    assert order_box(pts).tolist() == [[0, 0], [10, 0], [10, 20], [0, 20]]


def test_unclip_grows_the_polygon():
    box = np.array([[0, 0], [100, 0], [100, 10], [0, 10]], dtype=np.float32)
    grown = unclip(box, 1.5)
    assert grown[:, 1].min() < -5 and grown[:, 0].max() > 105


def test_the_detector_ships_with_its_licence():
    path = default_detector_path()
    assert path.is_file() and path.stat().st_size < 10 * 1024 * 1024
    assert (path.parent / "LICENSE").is_file() and "Apache" in (path.parent / "LICENSE").read_text()
    assert "sha256" in (path.parent / "README.md").read_text()


@pytest.mark.slow
def test_finds_every_line_of_a_rendered_thai_page(thai_pdf):
    from thaiocr.ocr.detector import Detector
    from thaiocr.ocr.lines import group_lines
    from thaiocr.ocr.pages import read_file

    page = read_file(thai_pdf)[0]
    found = Detector().detect(page)
    lines = group_lines([b for b, _ in found])
    expected = sum(1 for ln in _reference_lines(thai_pdf) if ln.strip())
    assert abs(len(lines) - expected) <= 2, (len(lines), expected)


def _reference_lines(pdf):
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True)
    # -layout keeps one text line per printed line (stray marks aside)
    return [ln for ln in out.stdout.decode().splitlines() if len(ln.strip()) > 3]
