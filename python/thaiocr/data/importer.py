"""Import real labelled images into the dataset layout, normalised and validated, so they can be merged
with synthetic data.

Accepted label sources: a PaddleOCR label file (`path\\ttext`), a CSV with `file_name,text` columns, or a
`.txt` file beside each image holding its text.
"""
from __future__ import annotations

import csv
import hashlib
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from thaiocr import __version__
from thaiocr.data.validate import _image_problem
from thaiocr.dataset import layout
from thaiocr.dataset.manifest import Manifest, write_manifest
from thaiocr.errors import UserError
from thaiocr.text.dictionary import build_dictionary, write_dictionary
from thaiocr.text.normalize import normalize_text

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


@dataclass
class ImportResult:
    manifest: dict
    skipped: list[str] = field(default_factory=list)


def _read_pairs(src: Path, labels: Path | None) -> list[tuple[Path, str, str]]:
    """(image path, raw text, where it came from) from whichever label source is there."""
    from thaiocr.data import ground_truth  # SageMaker Ground Truth output manifests (*.manifest, *.jsonl)

    gt = labels if ground_truth.is_manifest(labels) else ground_truth.find_manifest(src) if labels is None else None
    if gt is not None:
        return ground_truth.read_pairs(gt)
    if labels is None:
        candidates = sorted([*src.glob("*.csv"), *src.glob("*.tsv"), *src.glob("rec_gt*.txt"),
                             *src.glob("label*.txt"), *src.glob("gt*.txt")])
        labels = candidates[0] if len(candidates) == 1 else None
        if len(candidates) > 1:
            raise UserError(f"{src}: several label files ({', '.join(p.name for p in candidates)})",
                            hint="choose one with --labels")
    pairs = []
    if labels is not None:
        if not labels.is_file():
            raise UserError(f"label file not found: {labels}")
        base = labels.parent
        if labels.suffix.lower() == ".csv":
            with open(labels, encoding="utf-8-sig", newline="") as f:
                reader = csv.DictReader(f)
                if not reader.fieldnames or not {"file_name", "text"} <= set(reader.fieldnames):
                    raise UserError(f"{labels}: a CSV needs the columns file_name,text (has {reader.fieldnames})")
                for n, row in enumerate(reader, 2):
                    pairs.append((base / row["file_name"], row["text"] or "", f"{labels.name}:{n}"))
        else:
            for n, image, text in layout.iter_labels(labels):
                if image or text:
                    pairs.append((base / image, text, f"{labels.name}:{n}"))
        return pairs
    for image in sorted(p for p in src.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
        sidecar = image.with_suffix(".txt")
        if sidecar.is_file():
            pairs.append((image, sidecar.read_text(encoding="utf-8").strip("\n"), sidecar.name))
    if not pairs:
        raise UserError(f"{src}: no labels found (a PaddleOCR label file, a file_name,text CSV, "
                        f"or a .txt beside each image)")
    return pairs


def _split_of(name: str, ratios: dict[str, float], seed: int) -> str:
    """A stable split per file name: adding files never moves old ones between splits."""
    x = int.from_bytes(hashlib.sha256(f"{seed}/{name}".encode()).digest()[:8], "big") / 2**64
    acc = 0.0
    for split in layout.SPLITS:
        acc += ratios.get(split, 0.0)
        if x < acc:
            return split
    return "train"


def import_dataset(src: Path, out: Path, *, name: str, labels: Path | None = None,
                   split: str | None = None, ratios: dict[str, float] | None = None, seed: int = 0,
                   max_text_length: int = 40, use_space_char: bool = True,
                   dict_base: tuple[str, ...] = ("thai", "digits"), strict: bool = False) -> ImportResult:
    src, out = Path(src), Path(out)
    if not src.is_dir():
        raise UserError(f"not a folder: {src}")
    if (out / layout.MANIFEST).exists() or (out.exists() and any(out.iterdir())):
        raise UserError(f"{out} is not empty", hint="choose a new --out")
    ratios = ratios or {"train": 0.7, "val": 0.15, "test": 0.15}
    rows: dict[str, list[tuple[str, str]]] = {s: [] for s in layout.SPLITS}
    skipped: list[str] = []
    seen: set[Path] = set()
    for image, raw, where in _read_pairs(src, labels):
        text = normalize_text(raw, keep_spaces=use_space_char)
        problem = _image_problem(image)
        if problem or not text or len(text) > max_text_length or image in seen:
            reason = problem or ("empty label" if not text else "duplicate image" if image in seen
                                 else f"{len(text)} code points > max_text_length {max_text_length}")
            skipped.append(f"{where}: {image.name}: {reason}")
            continue
        seen.add(image)
        target = split or _split_of(image.relative_to(src).as_posix() if image.is_relative_to(src) else image.name,
                                    ratios, seed)
        rel = f"images/{target}/{len(rows[target]):07d}{image.suffix.lower()}"
        dest = out / layout.REC_DIR / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image, dest)
        rows[target].append((rel, text))
    if strict and skipped:
        shutil.rmtree(out, ignore_errors=True)
        raise UserError(f"{len(skipped)} label(s) rejected, first: {skipped[0]}", hint="drop --strict to skip them")
    if not any(rows.values()):
        shutil.rmtree(out, ignore_errors=True)
        raise UserError(f"{src}: no usable labelled image (first problem: {skipped[0] if skipped else 'none'})")
    labels_all = [t for r in rows.values() for _, t in r]
    for s, r in rows.items():
        layout.write_atomic(out / layout.label_file(s), "".join(f"{p}\t{t}\n" for p, t in r))
    chars = build_dictionary(labels_all, dict_base)
    write_dictionary(out / layout.DICT_FILE, chars)
    manifest = Manifest(
        name=name, mode="import", generator=f"thaiocr-import {__version__}", seed=seed,
        spec={"source": str(src), "labels": str(labels) if labels else None, "split": split, "splits": ratios},
        counts={s: len(r) for s, r in rows.items()},
        dict_size=len(chars), use_space_char=use_space_char, max_text_length=max_text_length,
        max_label_length=max(len(t) for t in labels_all),
        char_histogram=dict(sorted(Counter(c for t in labels_all for c in t).items())),
        skipped=len(skipped),
        content_hash=layout.content_hash(out),
    )
    return ImportResult(write_manifest(out, manifest), skipped)
