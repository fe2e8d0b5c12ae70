"""Fetch pinned fontsource packages with `npm pack`, verify their integrity, and write one TTF per face.

Fontsource ships each face as script subsets (woff2); the Thai and Latin subsets are merged with
fontTools so a face can render mixed lines. Fonts are never committed: they land in .cache/fonts.
"""
from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import configs_dir, repo_root


def load_config(path: Path | None = None) -> dict:
    import yaml

    path = path or configs_dir() / "fonts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _npm_pack(name: str, version: str, integrity: str, cache: Path) -> bytes:
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not tgz.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise UserError("npm is not installed", hint="apt-get install npm, or put TTF files in .cache/fonts")
        proc = subprocess.run([npm, "pack", f"{name}@{version}", "--pack-destination", str(cache), "--silent"],
                              capture_output=True, text=True)
        if proc.returncode != 0 or not tgz.exists():
            first = (proc.stderr.strip().splitlines() or ["npm pack failed"])[-1]
            raise UserError(f"cannot fetch {name}@{version} from the npm registry: {first}")
    data = tgz.read_bytes()
    algo, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if actual != expected:
        tgz.unlink()
        raise UserError(f"{name}@{version}: integrity mismatch (expected {integrity})")
    return data


def _face(tar: tarfile.TarFile, family: str, subset: str, weight: int, style: str):
    from fontTools.ttLib import TTFont

    member = f"package/files/{family}-{subset}-{weight}-{style}.woff2"
    try:
        raw = tar.extractfile(member).read()
    except KeyError:
        return None
    font = TTFont(io.BytesIO(raw))
    font.flavor = None
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def _merge(faces: list[bytes]) -> bytes:
    """Thai + Latin subsets as one font; the Thai subset alone if fontTools cannot merge them."""
    if len(faces) == 1:
        return faces[0]
    import tempfile

    from fontTools import merge

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, data in enumerate(faces):
            p = Path(tmp) / f"{i}.ttf"
            p.write_bytes(data)
            paths.append(str(p))
        try:
            merged = merge.Merger().merge(paths)
        except Exception:  # fontTools' merger refuses some table combinations; Thai alone still helps
            return faces[0]
        buf = io.BytesIO()
        merged.save(buf)
        return buf.getvalue()


def fetch_fonts(config_path: Path | None = None, progress: bool = True) -> list[Path]:
    cfg = load_config(config_path)
    dest = repo_root() / cfg.get("dest", ".cache/fonts")
    npm_cache = repo_root() / ".cache" / "npm"
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    from tqdm import tqdm

    for pkg in tqdm(cfg["packages"], desc="fonts", unit="family", disable=not progress):
        family = pkg["name"].split("/")[-1]
        data = _npm_pack(pkg["name"], pkg["version"], pkg["integrity"], npm_cache)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for weight in pkg.get("weights", cfg.get("weights", [400])):
                for style in pkg.get("styles", ["normal"]):
                    target = dest / f"{family}-{weight}-{style}.ttf"
                    if target.exists():
                        written.append(target)
                        continue
                    faces = [f for f in (_face(tar, family, s, weight, style) for s in ("thai", "latin")) if f]
                    if not faces:
                        continue
                    target.write_bytes(_merge(faces))
                    written.append(target)
    return written
