"""SageMaker Ground Truth output manifests as a label source for `thaiocr data import`.

An augmented manifest is JSON lines: `source-ref` (the image, usually `s3://...`), one label attribute
named after the labelling job (its value the transcription: a string, `{"transcription"|"text"|"label":
...}`, or a custom task's worker answers), and `<attribute>-metadata`. Images are looked up beside the
manifest first (same key path or file name), then downloaded from S3 once into .cache/ground-truth/.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from thaiocr.errors import UserError

SUFFIXES = (".manifest", ".jsonl")
TEXT_KEYS = ("transcription", "text", "label", "utf8_string")


def is_manifest(path: Path | None) -> bool:
    return path is not None and path.suffix.lower() in SUFFIXES


def find_manifest(src: Path) -> Path | None:
    found = sorted(p for s in SUFFIXES for p in src.glob(f"*{s}"))
    if len(found) > 1:
        raise UserError(f"{src}: several Ground Truth manifests ({', '.join(p.name for p in found)})",
                        hint="choose one with --labels")
    return found[0] if found else None


def _text(value) -> str | None:
    """The transcription inside whatever shape the labelling template produced."""
    if isinstance(value, str):
        try:
            return _text(json.loads(value)) if value.strip()[:1] in "{[" else value
        except ValueError:
            return value
    if isinstance(value, dict):
        for key in TEXT_KEYS:
            if key in value:
                return _text(value[key])
        for key in ("annotationsFromAllWorkers", "annotations"):  # custom task: the first worker's answer
            answers = value.get(key)
            if isinstance(answers, list) and answers:
                first = answers[0]
                return _text(first.get("annotationData", {}).get("content", first) if isinstance(first, dict) else first)
        if "content" in value:
            return _text(value["content"])
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _attribute(record: dict, where: str) -> str:
    names = [k for k in record if k != "source-ref" and not k.endswith("-metadata")]
    if len(names) != 1:
        raise UserError(f"{where}: expected one label attribute beside source-ref, found {names or 'none'}",
                        hint="THAIOCR_GT_ATTRIBUTE=<name> picks one")
    return names[0]


def _image(ref: str, base: Path, cache: Path, env: str) -> Path:
    if not ref.startswith("s3://"):
        path = Path(ref)
        return path if path.is_absolute() else base / path
    bucket, _, key = ref[5:].partition("/")
    parts = Path(key).parts
    for i in range(len(parts)):  # the key, then ever shorter tails of it: a copied output folder keeps some of it
        local = base.joinpath(*parts[i:])
        if local.is_file():
            return local
    target = cache / bucket / key
    if not target.is_file():
        from thaiocr.aws.session import client

        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            client("s3", env).download_file(bucket, key, str(target))
        except Exception as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code")
            if code not in ("404", "NoSuchKey", "403", "AccessDenied"):
                raise
            return target  # missing: the importer reports it as an unreadable image and skips the line
    return target


def read_pairs(manifest: Path, *, env: str | None = None) -> list[tuple[Path, str, str]]:
    """(image path, transcription, where) for each labelled line of the manifest."""
    from thaiocr.paths import cache_dir

    env = env or os.environ.get("THAIOCR_ENV", "local")
    cache = cache_dir() / "ground-truth"
    wanted = os.environ.get("THAIOCR_GT_ATTRIBUTE")
    pairs = []
    for n, line in enumerate(manifest.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{manifest.name}:{n}"
        try:
            record = json.loads(line)
        except ValueError:
            raise UserError(f"{where}: not a JSON line (is this a Ground Truth output manifest?)") from None
        if not isinstance(record, dict) or "source-ref" not in record:
            raise UserError(f"{where}: no source-ref (Ground Truth manifests name each image in source-ref)")
        attribute = wanted or _attribute(record, where)
        meta = record.get(f"{attribute}-metadata") or {}
        if isinstance(meta, dict) and meta.get("failure-reason"):
            continue  # a line the workforce did not label
        text = _text(record.get(attribute))
        pairs.append((_image(record["source-ref"], manifest.parent, cache, env), text or "", where))
    if not pairs:
        raise UserError(f"{manifest}: no labelled lines")
    return pairs
