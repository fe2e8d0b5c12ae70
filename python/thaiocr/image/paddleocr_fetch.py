"""`thaiocr paddleocr fetch`: the pinned PaddleOCR release's tools/, ppocr/ and configs/ into
.cache/PaddleOCR (or PADDLEOCR_HOME), so local runs train with the same source as the image.

No git needed: the release tarball carries its commit in the pax header git-archive writes, which is
checked against the pin. A tree this command wrote carries a stamp, so a second run is a no-op.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.image import pins
from thaiocr.train.source import default_home

TIMEOUT_S = 60


def target() -> Path:
    env = os.environ.get("PADDLEOCR_HOME")
    return Path(env) if env else default_home()


def read_stamp(home: Path) -> dict | None:
    try:
        return json.loads((home / pins.STAMP_FILE).read_text())
    except (OSError, ValueError):
        return None


def matches_pin(stamp: dict | None) -> bool:
    if not stamp or stamp.get("tag") != pins.PADDLEOCR_TAG:
        return False
    return not pins.PADDLEOCR_COMMIT or stamp.get("commit") == pins.PADDLEOCR_COMMIT


def download(url: str, dest: Path) -> str:
    """Stream to `dest`; returns the sha256. A network problem is one line, not a traceback."""
    h = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp, open(dest, "wb") as f:
            while chunk := resp.read(1 << 20):
                h.update(chunk)
                f.write(chunk)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(f"cannot download PaddleOCR {pins.PADDLEOCR_TAG} from {url}: {reason}",
                        hint="are you offline? set PADDLEOCR_HOME to an existing PaddleOCR checkout") from None
    return h.hexdigest()


def tarball_commit(tar: tarfile.TarFile) -> str | None:
    """git archive (and so GitHub's tarballs) records the commit as the pax global header's comment."""
    comment = (tar.pax_headers or {}).get("comment", "")
    return comment.strip() if len(comment.strip()) == 40 else None


def extract(archive: Path, into: Path) -> str | None:
    with tarfile.open(archive, "r:gz") as tar:
        commit = tarball_commit(tar)
        if pins.PADDLEOCR_COMMIT and commit != pins.PADDLEOCR_COMMIT:
            raise UserError(f"PaddleOCR {pins.PADDLEOCR_TAG} tarball is commit {commit}, "
                            f"expected {pins.PADDLEOCR_COMMIT}: the tag moved; refusing it")
        members = []
        for m in tar.getmembers():
            parts = Path(m.name).parts
            if len(parts) >= 2 and parts[1] in pins.PADDLEOCR_PARTS:
                m.name = str(Path(*parts[1:]))
                members.append(m)
        if not members:
            raise UserError(f"{archive.name} holds no {'/'.join(pins.PADDLEOCR_PARTS)}: not a PaddleOCR release")
        tar.extractall(into, members=members, filter="data")
    return commit


def fetch(force: bool = False, url: str | None = None) -> str:
    home = target()
    stamp = read_stamp(home)
    if home.exists() and matches_pin(stamp) and not force:
        return f"PaddleOCR {stamp['tag']} ({(stamp.get('commit') or '?')[:12]}) already at {home}"
    if (home / "tools" / "train.py").is_file() and stamp is None and not force:
        return (f"PaddleOCR source already at {home} (not fetched by this command, so its version is unknown); "
                f"left as it is - pass --force to replace it with {pins.PADDLEOCR_TAG}")
    home.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=home.parent, prefix=".paddleocr-") as tmp:
        archive = Path(tmp) / "src.tar.gz"
        sha = download(url or pins.PADDLEOCR_TARBALL, archive)
        if pins.PADDLEOCR_SHA256 and sha != pins.PADDLEOCR_SHA256:
            raise UserError(f"PaddleOCR tarball sha256 {sha} differs from the pinned {pins.PADDLEOCR_SHA256}")
        tree = Path(tmp) / "tree"
        commit = extract(archive, tree)
        missing = [m for m in pins.PADDLEOCR_MARKERS if not (tree / m).is_file()]
        if missing:
            raise UserError(f"PaddleOCR {pins.PADDLEOCR_TAG} lacks {', '.join(missing)}: wrong release pinned?")
        (tree / pins.STAMP_FILE).write_text(json.dumps({
            "tag": pins.PADDLEOCR_TAG, "commit": commit, "sha256": sha,
            "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, indent=2))
        if home.exists():
            shutil.rmtree(home)
        tree.rename(home)
    note = "" if pins.PADDLEOCR_COMMIT else " (no commit pinned yet: record this one in thaiocr/image/pins.py)"
    return f"PaddleOCR {pins.PADDLEOCR_TAG} ({(commit or 'commit unknown')[:12]}) fetched into {home}{note}"
