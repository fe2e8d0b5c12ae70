"""Merge datasets (say, imported real lines and synthetic ones) into one, keeping their splits.

Images are hard-linked where the filesystem allows (copied otherwise) under `images/<source name>/`,
so two sources never collide and a label still says where it came from. With `frame=True`, the lines of
a source not in the canonical line framing (imported PDF crops, older synthetic sets) are re-framed into it
(`thaiocr.imaging.framing`) instead of linked, so real and synthetic lines train in one geometry and the
training job has nothing left to re-frame (which would strip the synthetic lines' framing jitter).
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

from thaiocr import __version__
from thaiocr.dataset import layout
from thaiocr.dataset.manifest import Manifest, write_manifest
from thaiocr.errors import UserError
from thaiocr.text.dictionary import read_dictionary, write_dictionary


def _link(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def _framed(src: Path, dest: Path, height: int) -> None:
    import cv2

    from thaiocr.imaging.framing import frame_line

    img = cv2.imread(str(src), cv2.IMREAD_UNCHANGED)
    if img is None:  # undecodable: the validator reports it; keep the bytes
        _link(src, dest)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(dest), frame_line(img, height))


def merge_datasets(sources: list[Path], out: Path, *, name: str, frame: bool = False) -> dict:
    from thaiocr.imaging.framing import VERSION, manifest_framing

    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} is not empty", hint="choose a new --out")
    manifests = [(Path(s), layout.read_manifest(Path(s))) for s in sources]
    names = [m["name"] for _, m in manifests]
    if len(set(names)) != len(names):
        raise UserError(f"two sources share a name ({', '.join(names)}); rename one in its manifest")
    spaces = {m.get("use_space_char", True) for _, m in manifests}
    if len(spaces) > 1:
        raise UserError("sources disagree on use_space_char; they cannot share one dictionary")
    heights = {m.get("image_height") for _, m in manifests if manifest_framing(m) == VERSION} - {None}
    if frame and len(heights) > 1:
        raise UserError(f"the framed sources disagree on image_height ({sorted(heights)}); merge them apart")
    height = heights.pop() if heights else 32
    reframe = {m["name"] for _, m in manifests if frame and manifest_framing(m) != VERSION}
    chars: set[str] = set()
    labels: list[str] = []
    counts = Counter()
    for split in layout.SPLITS:
        lines, meta = [], []
        for src, m in manifests:
            lf = src / m.get("label_files", {}).get(split, layout.label_file(split))
            if not lf.is_file():
                continue
            for _, image, text in layout.iter_labels(lf):
                new = f"images/{m['name']}/{image.removeprefix('images/')}"
                if m["name"] in reframe:
                    _framed(src / layout.REC_DIR / image, out / layout.REC_DIR / new, height)
                else:
                    _link(src / layout.REC_DIR / image, out / layout.REC_DIR / new)
                lines.append(f"{new}\t{text}\n")
                labels.append(text)
            mf = src / layout.meta_file(split)
            if mf.is_file():
                for line in mf.read_text(encoding="utf-8").splitlines():
                    rec = json.loads(line)
                    rec["image"] = f"images/{m['name']}/{rec['image'].removeprefix('images/')}"
                    meta.append(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
        counts[split] = len(lines)
        (out / layout.REC_DIR).mkdir(parents=True, exist_ok=True)
        layout.write_atomic(out / layout.label_file(split), "".join(lines))
        if meta:
            layout.write_atomic(out / layout.meta_file(split), "".join(meta))
    for src, m in manifests:
        chars.update(read_dictionary(src / m.get("dict_file", layout.DICT_FILE)))
    chars.update(c for t in labels for c in t)
    chars.discard(" ")
    write_dictionary(out / layout.DICT_FILE, sorted(chars))
    manifest = Manifest(
        name=name, mode="merge", generator=f"thaiocr-merge {__version__}",
        spec={"sources": [{"name": m["name"], "content_hash": m.get("content_hash")} for _, m in manifests]},
        counts=dict(counts),
        fonts={s: sorted({f for _, m in manifests for f in m.get("fonts", {}).get(s, [])}) for s in layout.SPLITS},
        dict_size=len(chars), use_space_char=spaces.pop(),
        max_text_length=max(m.get("max_text_length") or 0 for _, m in manifests),
        max_label_length=max((len(t) for t in labels), default=0),
        image_height=height if frame else next((m.get("image_height") for _, m in manifests
                                                 if m.get("image_height")), None),
        char_histogram=dict(sorted(Counter(c for t in labels for c in t).items())),
        framing=VERSION if frame else _common(manifest_framing(m) for _, m in manifests),
        refusals=dict(sum((Counter(m.get("refusals") or {}) for _, m in manifests), Counter())),
        content_hash=layout.content_hash(out),
    )
    return write_manifest(out, manifest)


def _common(values) -> str | None:
    """The framing all sources share, else None (a merge of differently framed lines is not one framing)."""
    found = set(values)
    return found.pop() if len(found) == 1 else None
