"""Label files with image sizes, for PaddleOCR's MultiScaleDataSet with `ds_width: true`.

That dataset groups batches by aspect ratio (a short line then costs what it is long, not the widest
line's width) but wants `name<TAB>label<TAB>width<TAB>height` lines. The dataset layout keeps two
columns (one format for every reader); the sizes are read from the image headers here, at job start.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image


def needs_sizes(section: dict | None) -> bool:
    ds = (section or {}).get("dataset") or {}
    return ds.get("name") == "MultiScaleDataSet" and bool(ds.get("ds_width"))


def write_sized(label_file: Path, data_dir: Path, out: Path) -> Path:
    """`out` with each line of `label_file` plus the image's width and height (header read only)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    with open(label_file, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            name = line.split("\t", 1)[0]
            with Image.open(data_dir / name) as im:
                w, h = im.size
            lines.append(f"{line}\t{w}\t{h}\n")
    tmp = out.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(out)
    return out
