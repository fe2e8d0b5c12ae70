"""The project's real-document evaluation set, rebuilt from the sources list (datasets/real/sources.yaml).

Each source names a public repository, a commit, a path, its licence and the file's sha256. The PDFs are
read from a folder (`--pdfs`, files found by sha256 whatever their names) or from bare git mirrors of the
repositories (`--mirror`, default /work/.mirror, laid out `<owner>+<name>/repo` as the `fetch` tool and
`git clone --mirror` make them), checked against their sha256, and imported with `import-pdf`: every line
in the test split, because the set is for evaluation only and never for training.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from thaiocr.errors import UserError

DEFAULT_SOURCES = Path("datasets/real/sources.yaml")
DEFAULT_MIRROR = Path("/work/.mirror")


@dataclass(frozen=True)
class Source:
    id: str
    repo: str
    commit: str
    path: str
    licence: str
    sha256: str
    pages: str | None = None          # e.g. "1-12": only these pages
    commit_images: bool = False       # the licence lets the line images live in this repository


def load_sources(path: Path) -> list[Source]:
    if not Path(path).is_file():
        raise UserError(f"sources list not found: {path}")
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    out = []
    for n, item in enumerate(data.get("sources") or [], 1):
        try:
            out.append(Source(**{k: (str(v) if k != "commit_images" else bool(v)) for k, v in item.items()}))
        except TypeError as exc:
            raise UserError(f"{path}: source {n}: {exc}") from None
    if not out:
        raise UserError(f"{path}: no sources")
    ids = [s.id for s in out]
    if len(set(ids)) != len(ids):
        raise UserError(f"{path}: duplicate source ids")
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def gather(sources: list[Source], dest: Path, *, pdfs: Path | None = None, mirror: Path | None = None) -> list[str]:
    """Copy each source's PDF to dest/<id>.pdf, verified by sha256; returns the problems (one line each)."""
    dest.mkdir(parents=True, exist_ok=True)
    by_sha: dict[str, Path] = {}
    if pdfs is not None:
        if not pdfs.is_dir():
            raise UserError(f"--pdfs: not a folder: {pdfs}")
        for p in pdfs.rglob("*"):
            if p.is_file() and p.suffix.lower() == ".pdf":
                by_sha.setdefault(_sha(p.read_bytes()), p)
    problems = []
    for s in sources:
        data = by_sha[s.sha256].read_bytes() if s.sha256 in by_sha else None
        if data is None and mirror is not None:
            git_dir = mirror / s.repo.replace("/", "+") / "repo"
            if git_dir.is_dir():
                res = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{s.commit}:{s.path}"],
                                     capture_output=True)
                data = res.stdout if res.returncode == 0 else None
        if data is None:
            problems.append(f"{s.id}: {s.repo}@{s.commit[:10]}:{s.path} not found "
                            f"(fetch github:{s.repo} into the mirror, or put the file in --pdfs)")
            continue
        if _sha(data) != s.sha256:
            problems.append(f"{s.id}: sha256 mismatch for {s.repo}:{s.path}")
            continue
        (dest / f"{s.id}.pdf").write_bytes(data)
    return problems


def build_real_set(sources_file: Path, out: Path, *, pdfs: Path | None = None, mirror: Path | None = DEFAULT_MIRROR,
                   dpi: int = 200, workers: int | None = None, progress: bool = True, force: bool = False,
                   max_lines_per_document: int | None = None, licensed_only: bool = False):
    from thaiocr.data.import_pdf import Options, import_pdfs

    sources = load_sources(sources_file)
    if licensed_only:  # the part this repository may carry as images (datasets/real/lines)
        sources = [s for s in sources if s.commit_images]
        if not sources:
            raise UserError(f"{sources_file}: no source has commit_images: true")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise UserError(f"{out} is not empty", hint="pass --force to rebuild it")
        shutil.rmtree(out)
    staging = out.parent / f".{out.name}.pdfs"
    shutil.rmtree(staging, ignore_errors=True)
    problems = gather(sources, staging, pdfs=pdfs, mirror=mirror)
    present = [s for s in sources if (staging / f"{s.id}.pdf").is_file()]
    if not present:
        raise UserError("no source PDF found: " + "; ".join(problems[:3]))
    pages = {f"{s.id}.pdf": s.pages for s in present if s.pages}
    opts = Options(dpi=dpi, thai_only=True, max_lines_per_document=max_lines_per_document)
    result = import_pdfs([staging], out, name=out.name, opts=opts, split="test", workers=workers,
                         progress=progress, pages=pages)
    shutil.rmtree(staging, ignore_errors=True)
    from thaiocr.dataset.manifest import write_manifest

    by_id = {s.id: s for s in present}  # where each document came from, beside its counts
    for d in result.manifest["documents"]:
        s = by_id.get(Path(d["name"]).stem)
        if s is not None:
            d["source"] = {"repo": s.repo, "commit": s.commit, "path": s.path, "licence": s.licence}
    result.manifest["purpose"] = "evaluation only: never train on it"
    result.manifest = write_manifest(out, result.manifest)
    return result, problems, sources
