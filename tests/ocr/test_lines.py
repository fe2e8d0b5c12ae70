"""Boxes -> lines: split boxes on one baseline merge, marks join their line, reading order holds."""
import numpy as np

from thaiocr.ocr.lines import crop_line, group_lines


def rect(x0, y0, x1, y1):
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def test_boxes_sharing_a_baseline_become_one_line():
    groups = group_lines([rect(300, 102, 500, 140), rect(100, 100, 290, 140), rect(510, 98, 700, 139)])
    assert len(groups) == 1
    assert groups[0].box()[0].tolist() == [100, 98] and groups[0].box()[2].tolist() == [700, 140]


def test_far_apart_boxes_on_one_row_stay_separate_left_to_right():
    groups = group_lines([rect(900, 100, 1100, 140), rect(100, 100, 300, 140)])
    assert [g.box()[0][0] for g in groups] == [100, 900]


def test_lines_read_top_to_bottom():
    groups = group_lines([rect(100, 300, 600, 340), rect(100, 100, 600, 140), rect(100, 200, 600, 240)])
    assert [g.box()[0][1] for g in groups] == [100, 200, 300]


def test_a_lone_mark_above_a_line_joins_it():
    groups = group_lines([rect(100, 100, 600, 140), rect(300, 88, 312, 98)])
    assert len(groups) == 1 and groups[0].box()[0][1] == 88


def test_a_short_line_below_is_not_a_mark():
    groups = group_lines([rect(100, 100, 600, 140), rect(100, 170, 300, 210)])
    assert len(groups) == 2


def test_crop_is_upright_and_padded():
    page = np.full((400, 800, 3), 255, np.uint8)
    page[110:130, 120:580] = 0
    crop = crop_line(page, rect(100, 100, 600, 140), pad=0.25)
    assert crop.shape[:2] == (60, 500)
    assert crop[:10].min() == 255 and crop[25:35].min() == 0


def test_rotated_box_is_straightened():
    page = np.full((400, 400, 3), 255, np.uint8)
    box = np.array([[100, 100], [300, 120], [298, 160], [98, 140]], dtype=np.float32)
    crop = crop_line(page, box, pad=0)
    assert abs(crop.shape[1] - 201) <= 2 and abs(crop.shape[0] - 40) <= 2


def _two_columns(top=200, rows=5, title=True, footer=True):
    boxes = [rect(100, 100, 1500, 140)] if title else []  # a title across both columns
    for i in range(rows):
        y = top + 60 * i
        boxes += [rect(100, y, 760, y + 40), rect(840, y, 1500, y + 40)]
    if footer:
        boxes.append(rect(100, top + 60 * rows + 40, 1500, top + 60 * rows + 80))
    return boxes


def test_two_columns_read_column_by_column_between_title_and_footer():
    groups = group_lines(_two_columns())
    starts = [(int(g.box()[0][0]), int(g.box()[0][1])) for g in groups]
    assert starts == [(100, 100)] + [(100, 200 + 60 * i) for i in range(5)] + \
        [(840, 200 + 60 * i) for i in range(5)] + [(100, 540)]


def test_a_numbering_column_is_not_a_page_column():
    boxes = []
    for i in range(5):  # "1." ... "5." then the item's text
        boxes += [rect(100, 100 + 60 * i, 140, 140 + 60 * i), rect(260, 100 + 60 * i, 1400, 140 + 60 * i)]
    groups = group_lines(boxes)
    assert [int(g.box()[0][0]) for g in groups] == [100, 260] * 5


def test_single_column_paragraphs_keep_row_order():
    boxes = [rect(100, 100 + 60 * i, 1500 - (400 if i % 3 == 2 else 0), 140 + 60 * i) for i in range(9)]
    groups = group_lines(boxes)
    assert [int(g.box()[0][1]) for g in groups] == [100 + 60 * i for i in range(9)]
