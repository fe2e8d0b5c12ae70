"""Detected boxes -> text lines in reading order.

Thai has no spaces between words, so a detector often splits one line into several boxes, and a tone
mark or upper vowel standing alone above a line gets a tiny box of its own. Boxes that share a baseline
(overlap vertically by half the smaller height) and sit close enough horizontally become one line;
mark fragments join the line under them. Lines are then read column by column where the page has
columns (a gutter that no narrow line crosses, with enough lines on both sides), each column top to bottom
and left to right per row; lines that span the gutter (titles, full-width paragraphs) cut the page into
sections read in turn.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

MAX_GAP = 2.5  # boxes further apart than this x the line height stay separate (columns, table cells)
MARK_HEIGHT = 0.6  # a box shorter than this x its neighbour line's height may be a lone mark
GUTTER = 1.0  # a column gutter is at least this x the median line height wide
MIN_COLUMN = 6.0  # ...and both columns at least this x the line height wide (not a numbering column)


@dataclass
class Group:
    boxes: list[np.ndarray] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    _extent: tuple = ()
    _heights: list = field(default_factory=list)

    def add(self, box: np.ndarray, score: float) -> None:
        x0, y0, x1, y1 = float(box[:, 0].min()), float(box[:, 1].min()), float(box[:, 0].max()), float(box[:, 1].max())
        if self._extent:
            gx0, gy0, gx1, gy1 = self._extent
            x0, y0, x1, y1 = min(x0, gx0), min(y0, gy0), max(x1, gx1), max(y1, gy1)
        self._extent = (x0, y0, x1, y1)
        self._heights.append(float(box[:, 1].max() - box[:, 1].min()))
        self.boxes.append(box)
        self.scores.append(score)

    @property
    def points(self) -> np.ndarray:
        return np.concatenate(self.boxes)

    def extent(self) -> tuple[float, float, float, float]:
        return self._extent

    def height(self) -> float:
        # the main boxes' height, not inflated by marks: the median of the members
        return float(np.median(self._heights))

    def box(self) -> np.ndarray:
        from thaiocr.ocr.detector import order_box

        rect = cv2.minAreaRect(self.points.astype(np.float32))
        if len(self.boxes) > 1 or abs(rect[2]) % 90 < 1:  # merged lines: axis-aligned union is steadier
            x0, y0, x1, y1 = self.extent()
            return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)
        return order_box(cv2.boxPoints(rect))


def _overlap(a0, a1, b0, b1) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def group_lines(boxes: list[np.ndarray], scores: list[float] | None = None) -> list[Group]:
    """Merge boxes into lines; returns groups in reading order."""
    scores = scores if scores is not None else [1.0] * len(boxes)
    items = sorted(zip(boxes, scores), key=lambda bs: (bs[0][:, 0].min()))
    extents = [(b[:, 0].min(), b[:, 1].min(), b[:, 0].max(), b[:, 1].max()) for b, _ in items]
    gutter = find_gutter(extents, float(np.median([e[3] - e[1] for e in extents]))) if len(items) >= 4 else None
    groups: list[Group] = []
    for (box, score), (x0, y0, x1, y1) in zip(items, extents):
        h = y1 - y0
        best, best_ov = None, 0.0
        for g in groups:
            gx0, gy0, gx1, gy1 = g.extent()
            gh = g.height()
            ov = _overlap(y0, y1, gy0, gy1)
            gap = max(0.0, max(x0, gx0) - min(x1, gx1))
            if gutter and (min(x1, gx1) <= gutter[0] and max(x0, gx0) >= gutter[1]):
                continue  # one on each side of a column gutter
            if ov >= 0.5 * min(h, gh) and gap <= MAX_GAP * max(h, gh) and ov > best_ov:
                best, best_ov = g, ov
        if best is None:
            best = Group()
            groups.append(best)
        best.add(box, score)
    groups = _absorb_marks(groups)
    return reading_order(groups)


def _absorb_marks(groups: list[Group]) -> list[Group]:
    """A short one-box group lying just above or below a taller line, over it, is a mark of that line."""
    keep = []
    tall = sorted(groups, key=lambda g: -g.height())
    absorbed: set[int] = set()
    for g in groups:
        if len(g.boxes) != 1:
            continue
        x0, y0, x1, y1 = g.extent()
        h = y1 - y0
        for line in tall:
            if line is g or id(line) in absorbed:
                continue
            lx0, ly0, lx1, ly1 = line.extent()
            lh = line.height()
            if h >= MARK_HEIGHT * lh or _overlap(x0, x1, lx0, lx1) <= 0:
                continue
            vgap = max(0.0, max(y0, ly0) - min(y1, ly1))
            if vgap <= 0.35 * lh:
                line.add(g.boxes[0], g.scores[0])
                absorbed.add(id(g))
                break
    for g in groups:
        if id(g) not in absorbed:
            keep.append(g)
    return keep


def reading_order(groups: list[Group]) -> list[Group]:
    """Columns left to right within sections cut by gutter-spanning lines; rows inside each column."""
    if len(groups) < 4:
        return row_order(groups)
    h = float(np.median([g.height() for g in groups]))
    gutter = find_gutter([g.extent() for g in groups], h)
    if gutter is None:
        return row_order(groups)
    g0, g1 = gutter
    out: list[Group] = []
    section: list[Group] = []

    def flush():
        left = [g for g in section if g.extent()[2] <= g0]
        right = [g for g in section if g.extent()[0] >= g1]
        if len(left) >= 2 and len(right) >= 2:
            out.extend(reading_order(left) + reading_order(right))
        else:
            out.extend(row_order(section))
        section.clear()

    for g in row_order(groups):
        x0, _, x1, _ = g.extent()
        if x0 < g1 and x1 > g0:  # spans the gutter: ends a section
            flush()
            out.append(g)
        else:
            section.append(g)
    flush()
    return out


def find_gutter(xs: list[tuple], h: float) -> tuple[float, float] | None:
    """The widest vertical strip that only wide (gutter-spanning) lines cross, if columns lie on both sides.

    Narrow lines (under 60% of the text width) draw the x-projection; a gap in it at least GUTTER x h wide,
    with at least two narrow lines and MIN_COLUMN x h of text on each side, is a gutter."""
    left, right = min(e[0] for e in xs), max(e[2] for e in xs)
    narrow = [e for e in xs if e[2] - e[0] < 0.6 * (right - left)]
    if len(narrow) < 4:
        return None
    spans = sorted((e[0], e[2]) for e in narrow)
    best, reach = None, spans[0][1]
    for a, b in spans[1:]:
        if a - reach >= GUTTER * h and (best is None or a - reach > best[1] - best[0]):
            cand = (reach, a)
            lcols = [e for e in narrow if e[2] <= cand[0]]
            rcols = [e for e in narrow if e[0] >= cand[1]]
            if (len(lcols) >= 2 and len(rcols) >= 2 and cand[0] - left >= MIN_COLUMN * h
                    and right - cand[1] >= MIN_COLUMN * h):
                best = cand
        reach = max(reach, b)
    return best


def row_order(groups: list[Group]) -> list[Group]:
    """Rows top to bottom (a line joins a row if it overlaps it vertically by half), left to right in a row."""
    rows: list[list[Group]] = []
    for g in sorted(groups, key=lambda g: (g.extent()[1] + g.extent()[3]) / 2):
        _, y0, _, y1 = g.extent()
        if rows:
            _, ry0, _, ry1 = rows[-1][0].extent()
            if _overlap(y0, y1, ry0, ry1) >= 0.5 * min(y1 - y0, ry1 - ry0):
                rows[-1].append(g)
                continue
        rows.append([g])
    return [g for row in rows for g in sorted(row, key=lambda g: g.extent()[0])]


def crop_line(page: np.ndarray, box: np.ndarray, pad: float = 0.15) -> np.ndarray:
    """The line's quadrilateral, padded by `pad` x its height top and bottom, warped upright."""
    box = box.astype(np.float32)
    width = int(round(max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[3] - box[2]))))
    height = int(round(max(np.linalg.norm(box[0] - box[3]), np.linalg.norm(box[1] - box[2]))))
    width, height = max(width, 1), max(height, 1)
    p = int(round(pad * height))
    dst = np.array([[0, p], [width, p], [width, height + p], [0, height + p]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(box, dst)
    crop = cv2.warpPerspective(page, m, (width, height + 2 * p), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    if crop.shape[0] > 1.5 * crop.shape[1] and crop.shape[0] > 40:  # vertical text: read it turned
        crop = np.rot90(crop)
    return crop
