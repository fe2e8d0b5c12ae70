"""Git tree ids of a folder on disk, as `git write-tree` would compute them for its contents.

This lets a PaddleOCR tree be checked against the pinned commit's tree ids without git or GitHub:
the same bytes and file modes give the same 40 hex digits. Python's own `__pycache__` folders are
left out (Python writes them beside the sources; they were never part of the commit).
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

IGNORED = frozenset({"__pycache__", ".DS_Store"})


def blob_id(data: bytes) -> bytes:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).digest()


def tree_id(folder: Path) -> str:
    """The hex tree id of `folder` (empty sub-folders vanish, as in git)."""
    digest = _tree(Path(folder))
    if digest is None:
        raise ValueError(f"{folder}: no files")
    return digest.hex()


def _tree(folder: Path) -> bytes | None:
    entries: list[tuple[bytes, bytes, bytes]] = []  # (sort key, mode, sha)
    with os.scandir(folder) as it:
        for e in it:
            if e.name in IGNORED or e.name.endswith(".pyc"):
                continue
            name = os.fsencode(e.name)
            if e.is_symlink():
                entries.append((name, b"120000", blob_id(os.fsencode(os.readlink(e.path)))))
            elif e.is_dir():
                sub = _tree(Path(e.path))
                if sub is not None:
                    entries.append((name + b"/", b"40000", sub))
            elif e.is_file():
                mode = b"100755" if e.stat().st_mode & stat.S_IXUSR else b"100644"
                entries.append((name, mode, blob_id(Path(e.path).read_bytes())))
    if not entries:
        return None
    body = b"".join(mode + b" " + key.rstrip(b"/") + b"\0" + sha for key, mode, sha in sorted(entries))
    return hashlib.sha1(b"tree %d\0" % len(body) + body).digest()


def fingerprint(folder: Path) -> str:
    """A cheap identity of a tree's state (paths, sizes, mtimes): when it is unchanged, so is the tree id."""
    h = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED)
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            st = os.lstat(os.path.join(root, name))
            h.update(f"{os.path.relpath(os.path.join(root, name), folder)}\0{st.st_size}\0{st.st_mtime_ns}\0"
                     f"{st.st_mode}\n".encode())
    return h.hexdigest()
