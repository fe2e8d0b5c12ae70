"""Sharded, resumable, parallel dataset generation.

Samples are cut into shards per split; a shard's record file appears (atomically) only when all its images
are written, so an interrupted run resumes by skipping shards that have one. Labels, dictionary and
manifest are assembled at the end from the records, and the manifest goes last: a partial dataset never
looks complete.
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from thaiocr import __version__
from thaiocr.dataset import layout
from thaiocr.dataset.manifest import Manifest, write_manifest
from thaiocr.errors import UserError
from thaiocr.imaging.framing import VERSION as FRAMING
from thaiocr.synth import fonts as fontlib
from thaiocr.synth.render import require_raqm, stacks_marks
from thaiocr.synth.spec import SPLITS, Spec
from thaiocr.text.dictionary import build_dictionary, write_dictionary

GENERATOR = f"thaiocr-synth {__version__}"

_maker = None  # the worker's SampleMaker, inherited through fork or built by the initializer


@dataclass(frozen=True)
class Shard:
    split: str
    number: int
    start: int  # global sample index
    stop: int

    @property
    def record(self) -> str:
        return f"{self.split}-{self.number:05d}.jsonl"

    def image_name(self, index: int) -> str:
        return f"images/{self.split}/{self.number:05d}/{index:07d}.jpg"


def plan_shards(spec: Spec) -> list[Shard]:
    shards, start = [], 0
    for split, n in spec.split_counts().items():
        for k, s in enumerate(range(start, start + n, spec.shard_size)):
            shards.append(Shard(split, k, s, min(s + spec.shard_size, start + n)))
        start += n
    return shards


def resolve_fonts(spec: Spec) -> tuple[dict[str, list[fontlib.Font]], list[str]]:
    """Fonts per split, and the names of fonts rejected because they do not stack marks."""
    found = fontlib.discover(spec.fonts.system, spec.fonts.files, spec.fonts.exclude, spec.fonts.optional)
    usable = [f for f in found if stacks_marks(f)]
    rejected = sorted(f.name for f in found if f not in usable)
    if not usable:
        raise UserError("fonts: no usable Thai font found",
                        hint="install fonts-thai-tlwg and fonts-noto-core, or list font files in fonts.files")
    return fontlib.split_fonts(usable, spec.fonts.test_holdout), rejected


def _init_worker(spec: Spec, split_fonts: dict) -> None:
    global _maker
    if _maker is None:
        from thaiocr.synth.sample import SampleMaker

        _maker = SampleMaker(spec, split_fonts)


def _run_shard(out: str, shard: Shard) -> int:
    """Write one shard's images, then its record file. Returns the number of samples."""
    out_dir = Path(out)
    folder = out_dir / layout.REC_DIR / "images" / shard.split / f"{shard.number:05d}"
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for index in range(shard.start, shard.stop):
        sample = _maker.make(shard.split, index)
        name = shard.image_name(index)
        (out_dir / layout.REC_DIR / name).write_bytes(sample.image)
        lines.append(json.dumps({"image": name, "text": sample.text, "font": sample.font,
                                 "size": sample.size, "effects": sample.effects},
                                ensure_ascii=False, sort_keys=True))
    layout.write_atomic(out_dir / layout.WORK_DIR / shard.record, "\n".join(lines) + "\n")
    return shard.stop - shard.start


def _prepare(spec: Spec, out: Path, force: bool) -> dict | None:
    """Return the existing manifest if this exact dataset is complete; refuse to mix specs."""
    spec_json = json.dumps(spec.to_dict(), sort_keys=True, ensure_ascii=False)
    manifest_path, work = out / layout.MANIFEST, out / layout.WORK_DIR
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if json.dumps(manifest.get("spec"), sort_keys=True, ensure_ascii=False) == spec_json:
            return manifest
        raise UserError(f"{out} already holds a different dataset", hint="use another --out, or --force")
    stamp = work / "spec.json"
    if force:
        for child in (layout.REC_DIR, layout.WORK_DIR, layout.DICT_FILE, layout.MANIFEST):
            p = out / child
            shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
    elif stamp.exists():
        if stamp.read_text(encoding="utf-8") != spec_json:
            raise UserError(f"{out} holds an unfinished run of a different spec", hint="use another --out, or --force")
    elif out.exists() and any(out.iterdir()):
        raise UserError(f"{out} exists and is not a dataset run", hint="use another --out, or --force")
    work.mkdir(parents=True, exist_ok=True)
    layout.write_atomic(stamp, spec_json)
    return None


def synthesize(spec: Spec, out: Path, *, workers: int | None = None, force: bool = False,
               progress: bool = True, on_shard: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate (or finish) the dataset of `spec` in `out`; returns its manifest."""
    require_raqm()
    out = Path(out)
    existing = _prepare(spec, out, force)
    if existing is not None:
        return existing
    split_fonts, rejected = resolve_fonts(spec)
    shards = plan_shards(spec)
    work = out / layout.WORK_DIR
    todo = [s for s in shards if not (work / s.record).exists()]
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))

    from tqdm import tqdm

    done = sum(s.stop - s.start for s in shards) - sum(s.stop - s.start for s in todo)
    bar = tqdm(total=spec.count, initial=done, unit="img", desc=f"synth {spec.name}", disable=not progress,
               smoothing=0.1)
    try:
        _init_worker(spec, split_fonts)  # also warms the lexicon before fork, so workers share it
        if workers == 1:
            for shard in todo:
                n = _run_shard(str(out), shard)
                bar.update(n)
                on_shard and on_shard(n)
        else:
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(spec, split_fonts)) as pool:
                futures = [pool.submit(_run_shard, str(out), s) for s in todo]
                for fut in as_completed(futures):
                    bar.update(fut.result())
                    on_shard and on_shard(fut.result())
    finally:
        bar.close()
        global _maker
        _maker = None
    return finalize(spec, out, shards, split_fonts, rejected)


def finalize(spec: Spec, out: Path, shards: list[Shard], split_fonts: dict, rejected: list[str],
             content_hash: Callable[[Path], str] | None = None) -> dict:
    """Assemble labels, metadata, dictionary and manifest from the shard records."""
    work = out / layout.WORK_DIR
    labels: list[str] = []
    counts: dict[str, int] = {}
    font_use: dict[str, Counter] = {}
    for split in SPLITS:
        records = []
        for shard in (s for s in shards if s.split == split):
            with open(work / shard.record, encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
        counts[split] = len(records)
        font_use[split] = Counter(r["font"] for r in records)
        labels += [r["text"] for r in records]
        layout.write_atomic(out / layout.label_file(split),
                            "".join(f"{r['image']}\t{r['text']}\n" for r in records))
        layout.write_atomic(out / layout.meta_file(split), "".join(
            json.dumps({k: r[k] for k in ("image", "font", "size", "effects")}, ensure_ascii=False,
                       sort_keys=True) + "\n" for r in records))
    chars = build_dictionary(labels, spec.dictionary_base)
    write_dictionary(out / layout.DICT_FILE, chars)
    histogram = Counter(c for text in labels for c in text)
    shutil.rmtree(work)
    manifest = Manifest(
        name=spec.name,
        mode=spec.mode,
        generator=GENERATOR,
        seed=spec.seed,
        spec=json.loads(json.dumps(spec.to_dict())),
        counts=counts,
        fonts={s: sorted(f.name for f in split_fonts[s]) for s in SPLITS},
        font_usage={s: dict(sorted(font_use[s].items())) for s in SPLITS},
        fonts_rejected=rejected,
        label_files={s: layout.label_file(s) for s in SPLITS},
        meta_files={s: layout.meta_file(s) for s in SPLITS},
        dict_file=layout.DICT_FILE,
        dict_size=len(chars),
        use_space_char=spec.use_space_char,
        max_text_length=spec.max_text_length,
        max_label_length=max((len(t) for t in labels), default=0),
        image_height=spec.image_height,
        framing=FRAMING if any(e.name == "frame" for e in spec.effects) else None,  # imaging.framing
        char_histogram=dict(sorted(histogram.items())),
        content_hash=(content_hash or layout.content_hash)(out),  # a sharded job's images are in S3
    )
    return write_manifest(out, manifest)


def synthesize_shards(spec: Spec, out: Path, shards: list[Shard], split_fonts: dict, *, workers: int = 1,
                      on_shard: Callable[[Shard], None] | None = None) -> None:
    """Render only `shards` into `out` (one instance's slice of a sharded job): each shard gets the same
    images and record as in synthesize(). `on_shard(shard)` runs in this process as each record appears."""
    require_raqm()
    global _maker
    (Path(out) / layout.WORK_DIR).mkdir(parents=True, exist_ok=True)
    workers = max(1, min(workers, len(shards) or 1))
    try:
        _init_worker(spec, split_fonts)
        if workers == 1:
            for shard in shards:
                _run_shard(str(out), shard)
                on_shard and on_shard(shard)
        else:
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(spec, split_fonts)) as pool:
                futures = {pool.submit(_run_shard, str(out), s): s for s in shards}
                for fut in as_completed(futures):
                    fut.result()
                    on_shard and on_shard(futures[fut])
    finally:
        _maker = None
