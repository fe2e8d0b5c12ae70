"""The dataset a channel delivers: its manifest, dictionary and label files, checked before training.

The dictionary and max_text_length come from the dataset's manifest (one source of truth) and are
checked against the labels by the dataset validator, because PaddleOCR silently drops every label
that is too long or holds a character outside the dictionary — discovering that after the GPU hours
is the failure this check exists to prevent.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from thaiocr.dataset.layout import MANIFEST
from thaiocr.dataset.manifest import Manifest, parse_manifest
from thaiocr.errors import UserError


@dataclass(frozen=True)
class Dataset:
    root: Path
    manifest: Manifest

    @property
    def rec_dir(self) -> Path:
        return self.root / "rec"

    @property
    def dict_path(self) -> Path:
        return self.root / self.manifest.dict_file

    @property
    def max_text_length(self) -> int:
        return self.manifest.max_text_length

    @property
    def max_label_length(self) -> int | None:
        return self.manifest.max_label_length or None

    @property
    def use_space_char(self) -> bool:
        return self.manifest.use_space_char

    @property
    def image_height(self) -> int | None:
        return self.manifest.image_height or None

    def label_file(self, split: str) -> Path | None:
        path = self.root / self.manifest.label_file(split)
        return path if path.is_file() and path.stat().st_size > 0 else None

    def count(self, split: str) -> int:
        path = self.label_file(split)
        if path is None:
            return 0
        with path.open(encoding="utf-8") as f:
            return sum(1 for line in f if line.strip())


def find_dataset(channel_dir: Path, channel: str) -> Dataset:
    """The dataset root in a channel: the channel itself or its only sub-folder holding a manifest."""
    if not channel_dir.is_dir():
        raise UserError(f"channel '{channel}' is missing ({channel_dir})")
    candidates = [channel_dir] + sorted(p for p in channel_dir.iterdir() if p.is_dir())
    for root in candidates:
        manifest = root / MANIFEST
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise UserError(f"channel '{channel}': {MANIFEST} is not valid JSON ({exc.msg})") from None
            ds = Dataset(root=root, manifest=parse_manifest(data, f"channel '{channel}': {MANIFEST}"))
            if not ds.dict_path.is_file():
                raise UserError(f"channel '{channel}': dictionary {ds.dict_path.name} named by the manifest is missing")
            return ds
    raise UserError(f"channel '{channel}' holds no {MANIFEST} (is it a dataset written by 'thaiocr data synth'?)")


def read_dict(path: Path) -> list[str]:
    return [line.rstrip("\n").rstrip("\r") for line in path.read_text(encoding="utf-8").splitlines() if line != ""]


def check_dataset(ds: Dataset, max_text_length: int, channel: str = "training") -> None:
    """Run the project's validator; any finding that PaddleOCR would act on stops the job."""
    if ds.label_file("train") is None and channel == "training":
        raise UserError(f"channel '{channel}': no training labels (rec/rec_gt_train.txt is missing or empty)")
    if ds.max_label_length is not None and ds.max_label_length > max_text_length:
        raise UserError(f"max_text_length {max_text_length} is shorter than the longest label "
                        f"({ds.max_label_length} characters): PaddleOCR would drop those lines")
    from thaiocr.data.validate import validate_dataset

    report = validate_dataset(ds.root, dict_path=ds.dict_path, max_text_length=max_text_length)
    if not report.ok:
        findings = [str(f) for f in report.findings]
        shown = "; ".join(findings[:3]) + (f"; and {len(findings) - 3} more" if len(findings) > 3 else "")
        raise UserError(f"channel '{channel}' failed validation: {shown}", hint="run 'make data-validate'")
