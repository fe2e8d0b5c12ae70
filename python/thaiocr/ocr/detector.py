"""Text detection: the PP-OCRv5 mobile DB detector (ONNX, shipped in models/detector/) on onnxruntime.

Why our own DB post-processing: the packages that carry the model drag in loggers, config and network
helpers; the algorithm (threshold the probability map, contours, score, unclip, min-area box) is small,
and owning it keeps the page pipeline to onnxruntime + OpenCV + pyclipper.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from thaiocr.errors import UserError

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)  # ImageNet, on BGR as PaddleOCR feeds it
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


DETECTOR_FILE = "ppocrv5_det.onnx"


def default_detector_path() -> Path:
    """THAIOCR_DETECTOR, else models/detector/ of the checkout, else a detector/ folder in the model
    (/opt/ml/model/detector/ on an endpoint)."""
    import os

    from thaiocr.paths import repo_root

    env = os.environ.get("THAIOCR_DETECTOR")
    if env:
        return Path(env)
    candidates = [repo_root() / "models" / "detector" / DETECTOR_FILE,
                  Path(os.environ.get("SM_MODEL_DIR", "/opt/ml/model")) / "detector" / DETECTOR_FILE]
    return next((c for c in candidates if c.is_file()), candidates[0])


@dataclass(frozen=True)
class DetectorSettings:
    limit_side: int = 960  # longest side fed to the network; a 200-dpi A4 page is scaled ~0.41 (12 pt text: ~14 px)
    thresh: float = 0.3  # probability above which a pixel is text
    box_thresh: float = 0.5  # mean probability inside a box to keep it
    unclip_ratio: float = 1.5  # DB shrinks text regions in training; grow them back
    min_size: int = 3
    max_candidates: int = 1000


class Detector:
    """`detect(bgr) -> list of (4x2 float32 box in page pixels, score)`; thread-safe (onnxruntime is)."""

    def __init__(self, model_path: Path | None = None, *, threads: int = 2,
                 settings: DetectorSettings = DetectorSettings()):
        import onnxruntime as ort

        path = Path(model_path) if model_path else default_detector_path()
        if not path.is_file():
            raise UserError(f"detector model not found: {path}")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")  # idle threads sleep: workers share cores
        try:
            self.session = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise UserError(f"{path}: onnxruntime cannot load it ({str(exc).splitlines()[0][:200]})") from None
        self.input_name = self.session.get_inputs()[0].name
        self.settings = settings
        self._lock = threading.Lock()

    def probability_map(self, bgr: np.ndarray) -> tuple[np.ndarray, float, float]:
        """The network's text probability map at its input size, and the x/y scale back to the page."""
        h, w = bgr.shape[:2]
        scale = min(1.0, self.settings.limit_side / max(h, w))
        rh = max(32, int(round(h * scale / 32)) * 32)
        rw = max(32, int(round(w * scale / 32)) * 32)
        resized = cv2.resize(bgr, (rw, rh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        x = (resized.astype(np.float32) / 255.0 - MEAN) / STD
        x = x.transpose(2, 0, 1)[None]
        prob = self.session.run(None, {self.input_name: x})[0][0, 0]
        return prob, w / float(rw), h / float(rh)

    def detect(self, bgr: np.ndarray) -> list[tuple[np.ndarray, float]]:
        prob, sx, sy = self.probability_map(bgr)
        boxes = db_boxes(prob, self.settings)
        h, w = bgr.shape[:2]
        out = []
        for box, score in boxes:
            box = box * np.array([sx, sy], dtype=np.float32)
            box[:, 0] = np.clip(box[:, 0], 0, w - 1)
            box[:, 1] = np.clip(box[:, 1], 0, h - 1)
            if np.linalg.norm(box[0] - box[1]) <= 3 or np.linalg.norm(box[0] - box[3]) <= 3:
                continue
            out.append((box, score))
        return out


def db_boxes(prob: np.ndarray, s: DetectorSettings) -> list[tuple[np.ndarray, float]]:
    """DB post-processing on one probability map (coordinates of the map)."""
    bitmap = (prob > s.thresh).astype(np.uint8)
    contours, _ = cv2.findContours(bitmap, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for contour in contours[: s.max_candidates]:
        box, sside = min_area_box(contour.reshape(-1, 2))
        if sside < s.min_size:
            continue
        score = box_score(prob, contour.reshape(-1, 2))  # over the region itself: marks make its rect loose
        if score < s.box_thresh:
            continue
        grown = unclip(box, s.unclip_ratio)
        if grown is None:
            continue
        box, sside = min_area_box(grown)
        if sside < s.min_size + 2:
            continue
        out.append((box.astype(np.float32), score))
    return out


def min_area_box(points: np.ndarray) -> tuple[np.ndarray, float]:
    """The rotated rectangle around `points`, corners ordered top-left, top-right, bottom-right, bottom-left."""
    rect = cv2.minAreaRect(points.astype(np.float32))
    return order_box(cv2.boxPoints(rect)), min(rect[1])


def order_box(pts: np.ndarray) -> np.ndarray:
    pts = np.asarray(pts, dtype=np.float32)
    by_x = pts[np.argsort(pts[:, 0])]
    left, right = by_x[:2], by_x[2:]
    tl, bl = left[np.argsort(left[:, 1])]
    tr, br = right[np.argsort(right[:, 1])]
    return np.array([tl, tr, br, bl], dtype=np.float32)


def box_score(prob: np.ndarray, box: np.ndarray) -> float:
    """Mean probability inside a polygon (a contour: PaddleOCR's 'slow' score mode, or a box)."""
    h, w = prob.shape
    xmin = int(np.clip(np.floor(box[:, 0].min()), 0, w - 1))
    xmax = int(np.clip(np.ceil(box[:, 0].max()), 0, w - 1))
    ymin = int(np.clip(np.floor(box[:, 1].min()), 0, h - 1))
    ymax = int(np.clip(np.ceil(box[:, 1].max()), 0, h - 1))
    mask = np.zeros((ymax - ymin + 1, xmax - xmin + 1), dtype=np.uint8)
    shifted = (box - np.array([xmin, ymin], dtype=np.float32)).astype(np.int32)
    cv2.fillPoly(mask, [shifted], 1)
    return float(cv2.mean(prob[ymin:ymax + 1, xmin:xmax + 1], mask)[0])


def unclip(box: np.ndarray, ratio: float) -> np.ndarray | None:
    """Grow the polygon by area x ratio / perimeter (DB's inverse of its training-time shrink)."""
    import pyclipper

    area = abs(cv2.contourArea(box))
    length = cv2.arcLength(box, True)
    if length == 0:
        return None
    offset = pyclipper.PyclipperOffset()
    offset.AddPath([tuple(map(int, p)) for p in np.round(box)], pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    grown = offset.Execute(area * ratio / length)
    if not grown:
        return None
    return np.array(max(grown, key=len), dtype=np.float32)
