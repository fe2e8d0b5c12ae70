"""The labelled lines of one split, with the per-line metadata that the breakdowns group by."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from thaiocr.errors import UserError

SPLITS = ("train", "val", "test")


@dataclass
class Sample:
    image: str          # relative to rec/, as in the label file
    path: Path
    text: str
    font: str = "unknown"
    effects: list[str] = field(default_factory=list)


def load_split(dataset_dir: Path, split: str = "test", limit: int | None = None) -> list[Sample]:
    dataset_dir = Path(dataset_dir)
    rec = dataset_dir / "rec"
    labels = rec / f"rec_gt_{split}.txt"
    if not dataset_dir.is_dir():
        raise UserError(f"dataset not found: {dataset_dir}")
    if not labels.is_file():
        raise UserError(f"{dataset_dir}: no {split} split ({labels.relative_to(dataset_dir)} is missing)")
    meta = _read_meta(rec / f"meta_{split}.jsonl")
    samples = []
    for n, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        image, sep, text = line.partition("\t")
        if not sep:
            raise UserError(f"{labels}:{n}: expected 'images/<file>\\t<text>'")
        m = meta.get(image, {})
        samples.append(Sample(image, rec / image, text, str(m.get("font") or "unknown"),
                              [str(e) for e in (m.get("effects") or [])]))
        if limit and len(samples) >= limit:
            break
    if not samples:
        raise UserError(f"{labels}: no lines")
    return samples


def _read_meta(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue  # metadata only feeds breakdowns: a bad line becomes 'unknown', not a failure
            if isinstance(rec, dict) and "image" in rec:
                out[str(rec["image"])] = rec
    return out


def read_manifest(dataset_dir: Path) -> dict:
    """The dataset's validated manifest as a mapping; {} for a folder without one (a bare label set)."""
    from thaiocr.dataset.layout import MANIFEST
    from thaiocr.dataset.manifest import load_manifest

    return load_manifest(dataset_dir).to_dict() if (Path(dataset_dir) / MANIFEST).is_file() else {}
