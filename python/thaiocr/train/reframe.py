"""Training data in the framing the model trains on.

Synthetic lines are written framed (thaiocr.imaging.framing); lines imported from PDFs or labelled by
people are crops as they came (`framing: ink-tight` or none). A config that trains on framed lines
(`Global.line_framing`) gets the others re-framed here, once, at job start, with the same function
inference applies, so no dataset trains in a framing the model will never see again.
"""
from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from thaiocr.dataset.layout import SPLITS
from thaiocr.dataset.manifest import load_manifest, parse_manifest, write_manifest
from thaiocr.train.dataset import Dataset


def wanted_framing(template: dict) -> str | None:
    return (template.get("Global") or {}).get("line_framing")


def dataset_framing(ds: Dataset) -> str | None:
    from thaiocr.imaging.framing import manifest_framing

    return manifest_framing(ds.manifest.to_dict())


def _frame_files(args: tuple[str, str, list[str], int]) -> int:
    import cv2

    from thaiocr.imaging.framing import frame_line

    src_root, dst_root, names, height = args
    cv2.setNumThreads(1)
    for name in names:
        src, dst = Path(src_root) / name, Path(dst_root) / name
        img = cv2.imread(str(src), cv2.IMREAD_UNCHANGED)
        dst.parent.mkdir(parents=True, exist_ok=True)
        if img is None:  # the validator has already refused undecodable images; keep the bytes
            shutil.copyfile(src, dst)
            continue
        cv2.imwrite(str(dst), frame_line(img, height))  # same name and format: the labels stay valid
    return len(names)


def ensure_framed(ds: Dataset, framing: str | None, height: int, work: Path, say=print) -> Dataset:
    """`ds` itself when it already is in `framing` (or none is wanted), else a re-framed copy in `work`."""
    from thaiocr.imaging.framing import VERSION

    have = dataset_framing(ds)
    if not framing or have == framing:
        return ds
    if framing != VERSION:
        from thaiocr.errors import UserError

        raise UserError(f"config asks for line framing '{framing}', this code knows only '{VERSION}'")
    out = work / f"reframed-{ds.root.name}"
    done = out / "manifest.json"
    if not done.is_file():
        shutil.rmtree(out, ignore_errors=True)
        names = []
        for split in SPLITS:
            lf = ds.label_file(split)
            if lf is not None:
                names += [line.split("\t", 1)[0] for line in lf.read_text(encoding="utf-8").splitlines() if line.strip()]
        say(f"re-framing {len(names)} lines of {ds.root.name} ({have or 'unframed'} -> {framing})")
        chunks = [names[i:i + 500] for i in range(0, len(names), 500)]
        with ProcessPoolExecutor(max(1, min(len(chunks), os.cpu_count() or 1))) as pool:
            list(pool.map(_frame_files, [(str(ds.rec_dir), str(out / "rec"), c, height) for c in chunks]))
        for split in SPLITS:
            lf = ds.label_file(split)
            if lf is not None:
                (out / lf.relative_to(ds.root)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(lf, out / lf.relative_to(ds.root))
        shutil.copyfile(ds.dict_path, out / ds.dict_path.relative_to(ds.root))
        manifest = dict(ds.manifest.to_dict(), framing=framing, image_height=height, reframed_from=have or "unframed")
        write_manifest(out, parse_manifest(manifest, str(done)))
    return Dataset(root=out, manifest=load_manifest(out))
