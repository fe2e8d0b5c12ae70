"""Replay for incremental training: mix `replay_fraction` of the replay channel's training lines (the
base model's dataset) into the new training data, so fine-tuning on new documents does not erase what
the base model read well. The mix is a dataset dir of label files and links, never copied images:
val and test stay the new data's, and the dictionary keeps the base's order (the pretrained head's
rows), with the new data's extra characters appended."""
from __future__ import annotations

import json
import os
import random
from pathlib import Path

from thaiocr.train.dataset import Dataset, find_dataset, read_dict

PREFIX = "replay"  # replayed lines read `replay/<their path>` inside the mix's rec/


def _lines(path: Path | None) -> list[str]:
    if path is None:
        return []
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def mix_in(train: Dataset, replay_dir: Path | None, fraction: float | None, seed: int, work: Path) -> Dataset:
    """`train` itself when there is nothing to replay; else the mixed dataset under `work`."""
    if replay_dir is None or not fraction:
        return train
    from thaiocr.train.contract import REPLAY_CHANNEL

    base = find_dataset(replay_dir, REPLAY_CHANNEL)
    pool = _lines(base.label_file("train"))
    picked = random.Random(seed).sample(pool, min(len(pool), round(fraction * len(pool))))
    rec = work / "rec"
    rec.mkdir(parents=True, exist_ok=True)
    for entry in train.rec_dir.iterdir():  # images and metadata of the new data, linked
        if not entry.name.startswith("rec_gt_train") and not (rec / entry.name).exists():
            os.symlink(entry.resolve(), rec / entry.name)
    if not (rec / PREFIX).exists():
        os.symlink(base.rec_dir.resolve(), rec / PREFIX)
    mixed = _lines(train.label_file("train")) + [f"{PREFIX}/{ln}" for ln in picked]
    (rec / "rec_gt_train.txt").write_text("".join(ln + "\n" for ln in mixed), encoding="utf-8")
    chars = read_dict(base.dict_path)
    chars += [c for c in read_dict(train.dict_path) if c not in set(chars)]
    (work / "th_dict.txt").write_text("".join(c + "\n" for c in chars), encoding="utf-8")
    from thaiocr.dataset.manifest import parse_manifest

    lengths = [m for m in (train.max_label_length, base.max_label_length) if m is not None]
    new, old = train.manifest.to_dict(), base.manifest
    manifest = parse_manifest({
        **new, "dict_file": "th_dict.txt", "dict_size": len(chars),
        "label_files": {**new.get("label_files", {}), "train": "rec/rec_gt_train.txt"},
        "counts": {**new.get("counts", {}), "train": len(mixed)},
        "max_text_length": max(train.max_text_length, base.max_text_length),
        "max_label_length": max(lengths) if lengths else 0,
        "replay": {"name": old.name, "content_hash": old.content_hash, "fraction": fraction, "lines": len(picked),
                   "of": len(pool)}}, str(work / "manifest.json"))
    (work / "manifest.json").write_text(json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"thaiocr-train: replaying {len(picked)} of {len(pool)} training lines of {old.name} "
          f"beside {len(mixed) - len(picked)} new ones", flush=True)
    return Dataset(root=work, manifest=manifest)
