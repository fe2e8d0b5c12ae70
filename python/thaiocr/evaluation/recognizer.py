"""Run an exported PaddleOCR recogniser on line images.

Two backends read the same `tools/export_model.py` output, so a model trained here also works in any
PaddleOCR pipeline:
- `paddle` (default, always available): `paddle.inference` with PaddleOCR's own CTC pre/post-processing
  (tools/infer/predict_rec.py): BGR, resize to the model's height keeping the ratio, (x/255-0.5)/0.5,
  right-pad to the batch's widest line (batches group lines of similar width: `width_batches`),
  greedy CTC decode with the dictionary, confidence = mean max-probability.
- `paddleocr`: the `paddleocr` package's `TextRecognition` (pip install '.[paddleocr]'); it pulls
  paddlex, which pins its own numpy/opencv, hence optional.
"""
from __future__ import annotations

import math
import os
import queue
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from thaiocr.errors import UserError
from thaiocr.evaluation.model_source import inference_dir

BACKENDS = ("paddle", "paddleocr")
MAX_WIDTH = 3200  # the widest input the exported Hpi shapes allow; wider lines are squeezed


@dataclass
class Prediction:
    text: str
    confidence: float

    def as_dict(self) -> dict:
        return {"text": self.text, "confidence": round(float(self.confidence), 4)}


@dataclass
class ModelInfo:
    dictionary: list[str]
    image_shape: tuple[int, int, int]  # C, H, W (W: the base width, PaddleOCR's rec_image_shape)
    model_name: str | None
    framing: str | None = None  # the line framing the model was trained on (thaiocr.imaging.framing)


def trained_framing(model_dir: Path) -> str | None:
    """The framing of the model's training data, from the dataset manifest saved beside it: models
    trained on framed lines get every input re-framed; older ones see crops as they come."""
    import json

    path = model_dir / "manifest.json"
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    from thaiocr.imaging.framing import manifest_framing

    return manifest_framing(manifest)


def read_model_info(model_dir: Path) -> ModelInfo:
    """Dictionary and input shape as a PaddleOCR pipeline would see them: inference.yml first."""
    import yaml

    inf = inference_dir(model_dir)
    cfg = {}
    if inf is not None and (inf / "inference.yml").is_file():
        cfg = yaml.safe_load((inf / "inference.yml").read_text(encoding="utf-8")) or {}
    chars = (cfg.get("PostProcess") or {}).get("character_dict")
    if not chars:
        dict_path = model_dir / "th_dict.txt"
        if not dict_path.is_file():
            raise UserError(f"{model_dir}: no dictionary (inference.yml PostProcess.character_dict or th_dict.txt)")
        from thaiocr.text.dictionary import read_dictionary

        chars = read_dictionary(dict_path)
    shape = (3, 48, 320)
    for op in (cfg.get("PreProcess") or {}).get("transform_ops") or []:
        if isinstance(op, dict) and "RecResizeImg" in op:
            shape = tuple(int(v) for v in (op["RecResizeImg"] or {}).get("image_shape", shape))
    return ModelInfo([str(c) for c in chars], shape, (cfg.get("Global") or {}).get("model_name"),
                     trained_framing(model_dir))


def resize_norm(img: np.ndarray, height: int, width: int) -> tuple[np.ndarray, int]:
    """PaddleOCR's resize_norm_img: keep the ratio, normalise to [-1, 1], right-pad to `width`."""
    import cv2

    h, w = img.shape[:2]
    resized_w = min(width, int(math.ceil(height * w / float(h))))
    resized = cv2.resize(img, (max(1, resized_w), height)).astype("float32")
    resized = resized.transpose((2, 0, 1)) / 255.0
    resized = (resized - 0.5) / 0.5
    out = np.zeros((3, height, width), dtype=np.float32)
    out[:, :, :resized.shape[2]] = resized
    return out, resized_w


MKLDNN_CACHE = 40  # oneDNN kernels kept per predictor (one per input shape)
WIDTH_STEP = 32  # batch widths are rounded up to this: fewer distinct shapes, so oneDNN's kernel cache hits
MAX_PAD = 1.25  # a batch is at most this much wider than its narrowest line


def width_batches(widths: list[int], batch_size: int) -> list[list[int]]:
    """Indices in batches of similar input width: sorted by width, a batch ends at `batch_size` lines
    or where the next line is more than MAX_PAD times wider than the batch's first. A right-padded line
    reads worse than one at its own width: a short heading batched with a 100-character line (padded
    to 20 times its width) read as garbage, the same line alone read right. So no caller (eval's chunks
    in file order, a page's mixed lines, a server batch) pads a line much beyond its width."""
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < batch_size and widths[i] <= MAX_PAD * widths[batches[-1][0]]:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def to_bgr(img: np.ndarray) -> np.ndarray:
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=2)
    elif img.shape[2] == 4:
        img = img[:, :, :3]
    return img


class CTCDecoder:
    """Greedy CTC decoding as PaddleOCR's CTCLabelDecode: blank is index 0, the space (if trained
    with use_space_char) comes after the dictionary."""

    def __init__(self, chars: list[str], num_classes: int):
        if num_classes == len(chars) + 2:
            chars = chars + [" "]
        elif num_classes != len(chars) + 1:
            raise UserError(f"model outputs {num_classes} classes but the dictionary has {len(chars)} "
                            "characters (expected dictionary + blank [+ space]): wrong th_dict.txt?")
        self.characters = ["blank"] + chars

    def __call__(self, probs: np.ndarray) -> list[Prediction]:
        idx = probs.argmax(axis=2)
        prob = probs.max(axis=2)
        out = []
        for row_idx, row_prob in zip(idx, prob, strict=True):
            keep = np.ones(len(row_idx), dtype=bool)
            keep[1:] = row_idx[1:] != row_idx[:-1]
            keep &= row_idx != 0
            text = "".join(self.characters[i] for i in row_idx[keep])
            conf = float(np.mean(row_prob[keep])) if keep.any() else 0.0
            out.append(Prediction(text, conf))
        return out


class PaddleInferenceBackend:
    """A pool of paddle.inference predictors: one predictor is not thread-safe, clones share weights."""

    def __init__(self, model_dir: Path, *, height: int, threads: int = 1, workers: int = 1,
                 device: str = "cpu", mkldnn: bool = True):
        from paddle import inference

        inf = inference_dir(model_dir)
        program = inf / "inference.json"
        if not program.is_file():
            program = inf / "inference.pdmodel"
        config = inference.Config(str(program), str(inf / "inference.pdiparams"))
        if device == "gpu":
            config.enable_use_gpu(256, 0)
        else:
            config.disable_gpu()
            config.set_cpu_math_library_num_threads(max(1, threads))
            if mkldnn:
                config.enable_mkldnn()
                config.set_mkldnn_cache_capacity(MKLDNN_CACHE)  # shapes vary with line width: bound the cache
            else:
                config.disable_mkldnn()
        config.disable_glog_info()
        config.switch_ir_optim(True)
        try:
            first = inference.create_predictor(config)
        except Exception as exc:  # a corrupt or foreign file: say which
            raise UserError(f"{inf}: paddle cannot load this model ({str(exc).splitlines()[0][:200]})") from None
        predictors = [first] + [first.clone() for _ in range(max(1, workers) - 1)]
        self.output_shape: tuple = ()
        with _stdout_to_stderr():  # Paddle's oneDNN pass prints to stdout on a first run; keep --json clean
            for p in predictors:
                self.output_shape = _run(p, np.zeros((1, 3, height, 32), dtype=np.float32)).shape
        self._pool: queue.Queue = queue.Queue()
        for p in predictors:
            self._pool.put(p)
        self.workers = len(predictors)

    @contextmanager
    def predictor(self, timeout: float | None = None):
        try:
            p = self._pool.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError("all model workers are busy") from None
        try:
            yield p
        finally:
            self._pool.put(p)

    def run(self, batch: np.ndarray, timeout: float | None = None) -> np.ndarray:
        with self.predictor(timeout) as p:
            return _run(p, batch)


def _run(p, batch: np.ndarray) -> np.ndarray:
    handle = p.get_input_handle(p.get_input_names()[0])
    handle.reshape(list(batch.shape))
    handle.copy_from_cpu(batch)
    p.run()
    return p.get_output_handle(p.get_output_names()[0]).copy_to_cpu()


@contextmanager
def _stdout_to_stderr():
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class Recognizer:
    """Loads a model dir once; `predict(images)` takes BGR uint8 arrays in any order and size."""

    def __init__(self, model_dir: Path, *, backend: str = "paddle", batch_size: int = 8, threads: int = 1,
                 workers: int = 1, device: str = "cpu", mkldnn: bool = True, framing: bool | None = None):
        if backend not in BACKENDS:
            raise UserError(f"unknown backend '{backend}': use one of {', '.join(BACKENDS)}")
        self.model_dir = Path(model_dir)
        self.info = read_model_info(self.model_dir)
        self.backend_name = backend
        self.batch_size = max(1, batch_size)
        # re-frame every crop as the model was trained (None: as its training data says)
        self.framing = bool(self.info.framing) if framing is None else framing
        if device == "auto":
            import paddle

            device = "gpu" if paddle.is_compiled_with_cuda() and paddle.device.cuda.device_count() > 0 else "cpu"
        self.device = device
        if backend == "paddleocr":
            self._pocr = _load_paddleocr(self.model_dir, self.info, device)
            return
        self._backend = PaddleInferenceBackend(self.model_dir, height=self.info.image_shape[1], threads=threads,
                                               workers=workers, device=device, mkldnn=mkldnn)
        shape = self._backend.output_shape
        if len(shape) != 3:
            raise UserError(f"{self.model_dir}: output shape {shape} is not [N, T, classes] (not a CTC recogniser?)")
        self.decoder = CTCDecoder(self.info.dictionary, shape[2])

    def predict(self, images: list[np.ndarray], timeout: float | None = None) -> list[Prediction]:
        if not images:
            return []
        if self.framing:
            from thaiocr.imaging.framing import frame_line

            images = [frame_line(im, self.info.image_shape[1]) for im in images]
        images = [to_bgr(im) for im in images]
        if self.backend_name == "paddleocr":
            return _predict_paddleocr(self._pocr, images, self.batch_size)
        _, height, base_w = self.info.image_shape
        widths = [max(base_w, min(MAX_WIDTH, int(math.ceil(height * im.shape[1] / float(im.shape[0])))))
                  for im in images]
        results: list[Prediction | None] = [None] * len(images)
        for ids in width_batches(widths, self.batch_size):
            width = min(MAX_WIDTH, -(-max(widths[i] for i in ids) // WIDTH_STEP) * WIDTH_STEP)
            batch = np.stack([resize_norm(images[i], height, width)[0] for i in ids])
            for i, pred in zip(ids, self.decoder(self._backend.run(batch, timeout)), strict=True):
                results[i] = pred
        return results  # type: ignore[return-value]


def _load_paddleocr(model_dir: Path, info: ModelInfo, device: str):
    # the model is local: keep paddlex from probing model hosters on import
    os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
    try:
        from paddleocr import TextRecognition
    except ImportError:
        raise UserError("backend 'paddleocr' needs the paddleocr package (pip install -e '.[paddleocr]')") from None
    try:
        return TextRecognition(model_name=info.model_name, model_dir=str(inference_dir(model_dir)), device=device)
    except Exception as exc:
        raise UserError(f"paddleocr cannot load {model_dir}: {str(exc).splitlines()[0][:200]} "
                        "(use --backend paddle)") from None


def _predict_paddleocr(model, images: list[np.ndarray], batch_size: int) -> list[Prediction]:
    out = []
    for res in model.predict(images, batch_size=batch_size):
        out.append(Prediction(str(res["rec_text"]), float(res["rec_score"])))
    return out


