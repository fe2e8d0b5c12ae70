"""`manifest.json`: the one typed record of a dataset, written last by synth, import and merge and read by
validate, upload, the training entrypoint and evaluation.

Unknown keys are kept (extra="allow") so a writer can add a field before every reader knows it; the
fields below are the ones readers rely on. A manifest that breaks them is a one-line error naming the field.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from thaiocr.dataset import layout
from thaiocr.errors import UserError

FRAMINGS = ("canonical-v1", "ink-tight")  # known values of `framing`; others are kept as written


def _per_split(value: Any) -> dict:
    return {s: value(s) if callable(value) else value for s in layout.SPLITS}


class Manifest(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1)
    mode: str = "line"  # char | word | line (synth), import, merge
    generator: str = ""
    seed: int | None = None
    spec: dict[str, Any] = Field(default_factory=dict)  # the parsed spec, or what was imported / merged
    counts: dict[str, int] = Field(default_factory=dict)
    fonts: dict[str, list[str]] = Field(default_factory=lambda: _per_split([]))
    label_files: dict[str, str] = Field(default_factory=lambda: _per_split(layout.label_file))
    meta_files: dict[str, str] | None = None
    dict_file: str = layout.DICT_FILE
    dict_size: int | None = None
    use_space_char: bool = True
    max_text_length: int = Field(25, ge=1)  # PaddleOCR's default when a writer leaves it out
    max_label_length: int = Field(0, ge=0)
    image_height: int | None = None
    char_histogram: dict[str, int] = Field(default_factory=dict)
    content_hash: str | None = None
    # Added by the real-document and framing work; optional for every other writer.
    framing: str | None = None  # "canonical-v1": lines already framed as the model trains; "ink-tight": PDF crops
    sources: str | None = None  # per-line source info (document, page, box), a path inside the dataset
    refusals: dict[str, int] = Field(default_factory=dict)  # reason -> lines refused on import

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (None-valued optional fields left out, extra fields kept)."""
        return self.model_dump(mode="json", exclude_none=True)

    def label_file(self, split: str) -> str:
        return self.label_files.get(split, layout.label_file(split))


def parse_manifest(data: Any, src: str) -> Manifest:
    from thaiocr.contracts import one_line

    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise one_line(exc, src) from None


def load_manifest(dataset: Path) -> Manifest:
    """The manifest of a finished dataset; missing, not JSON, or a bad field: one line."""
    path = Path(dataset) / layout.MANIFEST
    if not path.is_file():
        raise UserError(f"{dataset} is not a complete dataset: {layout.MANIFEST} is missing",
                        hint="finish it with 'thaiocr data synth' (it resumes) or import one")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise UserError(f"{path}: not valid JSON ({exc})") from None
    return parse_manifest(data, str(path))


def write_manifest(dataset: Path, manifest: Manifest | dict[str, Any]) -> dict[str, Any]:
    """Validate, then write `manifest.json` atomically (last: its presence means the dataset is whole)."""
    if not isinstance(manifest, Manifest):
        manifest = parse_manifest(manifest, f"{dataset}/{layout.MANIFEST} (being written)")
    data = manifest.to_dict()
    layout.write_json(Path(dataset) / layout.MANIFEST, data)
    return data
