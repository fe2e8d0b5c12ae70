"""`thaiocr paddleocr fetch`: the pinned PaddleOCR commit's tools/, ppocr/ and configs/ into
.cache/PaddleOCR (or PADDLEOCR_HOME), so local runs train with the same source as the image.

No git needed: GitHub's archive carries its commit in the pax header git-archive writes, and each part's
git tree id is recomputed from the extracted files (thaiocr.upstream.gittree) and compared with the pin.
A tree this command wrote carries a stamp, so a second run is a no-op.
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
from thaiocr.paths import cache_dir, repo_root
from thaiocr.upstream import gittree, pins

TIMEOUT_S = 60
VERIFIED_FILE = "paddleocr-verified.json"  # in .cache/: tree checks already done, keyed on fingerprints


def default_target() -> Path:
    return cache_dir() / "PaddleOCR"


def shared_home() -> Path:
    """The read-only copy that sits beside the project on shared machines (and CI's)."""
    return repo_root().parent / "shared" / "PaddleOCR"


def target() -> Path:
    env = os.environ.get("PADDLEOCR_HOME")
    return Path(env) if env else default_target()


def verify(home: Path) -> list[str]:
    """The parts of `home` whose git tree id differs from the pin ([] = the pinned commit).

    Cached in .cache/ under the tree's fingerprint (paths, sizes, mtimes), so hashing ~500 files is paid
    once per tree state, not on every command; a read-only tree is fine, nothing is written into it."""
    home = Path(home).resolve()
    cache_path = cache_dir() / VERIFIED_FILE
    try:
        cache = json.loads(cache_path.read_text())
    except (OSError, ValueError):
        cache = {}
    parts = {p: home / p for p in pins.PADDLEOCR_PARTS}
    stamp = "|".join(gittree.fingerprint(d) if d.is_dir() else "-" for d in parts.values())
    entry = cache.get(str(home))
    if entry and entry.get("fingerprint") == stamp and entry.get("pins") == pins.PADDLEOCR_TREES:
        return list(entry["mismatches"])
    bad = [p for p, d in parts.items() if not d.is_dir() or gittree.tree_id(d) != pins.PADDLEOCR_TREES[p]]
    cache[str(home)] = {"fingerprint": stamp, "pins": pins.PADDLEOCR_TREES, "mismatches": bad}
    try:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_name(f".{cache_path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(cache, indent=1))
        os.replace(tmp, cache_path)
    except OSError:
        pass  # a read-only cache only costs the check next time
    return bad


def read_stamp(home: Path) -> dict | None:
    try:
        return json.loads((home / pins.STAMP_FILE).read_text())
    except (OSError, ValueError):
        return None


def matches_pin(stamp: dict | None) -> bool:
    return bool(stamp) and stamp.get("commit") == pins.PADDLEOCR_COMMIT and stamp.get("trees") == pins.PADDLEOCR_TREES


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
        raise UserError(f"cannot download PaddleOCR {pins.PADDLEOCR_COMMIT[:12]} from {url}: {reason}",
                        hint="offline? set PADDLEOCR_HOME to a PaddleOCR checkout of that commit") from None
    return h.hexdigest()


def tarball_commit(tar: tarfile.TarFile) -> str | None:
    """git archive (and so GitHub's tarballs) records the commit as the pax global header's comment."""
    comment = (tar.pax_headers or {}).get("comment", "").strip()
    return comment if len(comment) == 40 else None


def extract(archive: Path, into: Path) -> str | None:
    with tarfile.open(archive, "r:gz") as tar:
        commit = tarball_commit(tar)
        if commit and commit != pins.PADDLEOCR_COMMIT:
            raise UserError(f"the PaddleOCR archive is commit {commit}, expected {pins.PADDLEOCR_COMMIT}; refusing it")
        members = []
        for m in tar.getmembers():
            parts = Path(m.name).parts
            if len(parts) >= 2 and parts[1] in pins.PADDLEOCR_PARTS:
                m.name = str(Path(*parts[1:]))
                members.append(m)
        if not members:
            raise UserError(f"{archive.name} holds no {'/'.join(pins.PADDLEOCR_PARTS)}: not a PaddleOCR archive")
        tar.extractall(into, members=members, filter="data")
    return commit


def fetch(force: bool = False, url: str | None = None, expect_commit: str | None = None) -> str:
    """`expect_commit` (default: $PADDLEOCR_COMMIT, the image's build ARG) must equal the pin."""
    expect_commit = expect_commit or os.environ.get("PADDLEOCR_COMMIT")
    if expect_commit and expect_commit != pins.PADDLEOCR_COMMIT:
        raise UserError(f"asked for PaddleOCR {expect_commit}, but thaiocr/upstream/pins.py pins {pins.PADDLEOCR_COMMIT}",
                        hint="change both together (docker/train.Dockerfile ARG PADDLEOCR_COMMIT and thaiocr/upstream/pins.py)")
    home = target()
    short = pins.PADDLEOCR_COMMIT[:12]
    if home.exists() and matches_pin(read_stamp(home)) and not force:
        return f"PaddleOCR {short} already at {home}"
    shared = shared_home()
    if (not force and "PADDLEOCR_HOME" not in os.environ and not (home / "tools").exists()
            and (shared / "tools" / "train.py").is_file() and not verify(shared)):
        return f"PaddleOCR {short} already at {shared} (tree ids verified): nothing to fetch"
    if (home / "tools" / "train.py").is_file() and not force:
        if not verify(home):
            return f"PaddleOCR {short} already at {home} (tree ids verified)"
        return (f"PaddleOCR source at {home} is not the pinned commit {short}; left as it is "
                "- pass --force to replace it")
    home.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=home.parent, prefix=".paddleocr-") as tmp:
        archive = Path(tmp) / "src.tar.gz"
        sha = download(url or pins.PADDLEOCR_TARBALL, archive)
        tree = Path(tmp) / "tree"
        commit = extract(archive, tree)
        bad = [p for p, want in pins.PADDLEOCR_TREES.items()
               if not (tree / p).is_dir() or gittree.tree_id(tree / p) != want]
        if bad:
            raise UserError(f"the downloaded PaddleOCR {', '.join(bad)} differ from the pinned tree ids of "
                            f"{short}; refusing them")
        (tree / pins.STAMP_FILE).write_text(json.dumps({
            "commit": pins.PADDLEOCR_COMMIT, "archive_commit": commit, "trees": pins.PADDLEOCR_TREES,
            "sha256": sha, "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, indent=2))
        if home.exists():
            shutil.rmtree(home)
        tree.rename(home)
    return f"PaddleOCR {short} fetched into {home} (tree ids verified)"
