"""The dataset directory seam: every writer and reader of datasets goes through these names.

    <dir>/rec/images/...            images
    <dir>/rec/rec_gt_<split>.txt    `images/<f>\\t<text>` per line (PaddleOCR SimpleDataSet, data_dir=<dir>/rec)
    <dir>/rec/meta_<split>.jsonl    per-line font and effects, for breakdowns in evaluation
    <dir>/th_dict.txt               one code point per line
    <dir>/manifest.json             written last: a dataset without it is incomplete
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterator

SPLITS = ("train", "val", "test")
REC_DIR = "rec"
DICT_FILE = "th_dict.txt"
MANIFEST = "manifest.json"
WORK_DIR = ".work"  # shard records of an unfinished run; removed before the manifest is written


def label_file(split: str) -> str:
    return f"{REC_DIR}/rec_gt_{split}.txt"


def meta_file(split: str) -> str:
    return f"{REC_DIR}/meta_{split}.jsonl"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(tmp, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as f:
        f.write(data)
    os.replace(tmp, path)


def write_json(path: Path, data: Any) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def read_manifest(dataset: Path) -> dict[str, Any]:
    """The validated manifest as a mapping (thaiocr.dataset.manifest.load_manifest gives the model)."""
    from thaiocr.dataset.manifest import load_manifest

    return load_manifest(dataset).to_dict()


def iter_labels(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, image path, text) as PaddleOCR's SimpleDataSet splits them."""
    with open(path, encoding="utf-8", newline="\n") as f:
        for n, line in enumerate(f, 1):
            image, _, text = line.rstrip("\n").partition("\t")
            yield n, image, text


def content_files(dataset: Path) -> list[Path]:
    """Every file that defines a dataset's content: labels, metadata, images and the dictionary."""
    dataset = Path(dataset)
    files = [p for p in (dataset / REC_DIR).rglob("*") if p.is_file() and not p.name.startswith(".")]
    if (dataset / DICT_FILE).is_file():
        files.append(dataset / DICT_FILE)
    return sorted(files, key=lambda p: p.relative_to(dataset).as_posix())


def content_hash(dataset: Path) -> str:
    """sha256 over (relative path, bytes) of the content files: the S3 prefix and the identity of a dataset."""
    dataset = Path(dataset)
    h = hashlib.sha256()
    for path in content_files(dataset):
        h.update(path.relative_to(dataset).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def find_by_hash(root: Path, wanted: str | None) -> Path | None:
    """The dataset folder directly under `root` whose files hash to `wanted` (checked, not trusted)."""
    if not wanted:
        return None
    for manifest in sorted(Path(root).glob(f"*/{MANIFEST}")):
        try:
            local = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if local.get("content_hash") == wanted and content_hash(manifest.parent) == wanted:
            return manifest.parent
    return None
