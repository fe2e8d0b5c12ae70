"""data build-real: sources.yaml -> PDFs from a bare git mirror or a folder, sha256-checked, test split only."""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
import yaml
from tests.data.test_import_pdf import GOOD, make_pdf  # noqa: F401  (skips without fpdf2 / fonts)

from thaiocr.data.real_set import build_real_set
from thaiocr.errors import UserError


def _mirror(tmp_path: Path, pdf: Path) -> tuple[Path, str]:
    """A bare repository at <mirror>/owner+docs/repo holding pdf at papers/a.pdf, like the fetch tool's."""
    work = tmp_path / "work"
    (work / "papers").mkdir(parents=True)
    (work / "papers/a.pdf").write_bytes(pdf.read_bytes())
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run(git + ["init", "-q", str(work)], check=True)
    subprocess.run(git + ["-C", str(work), "add", "."], check=True)
    subprocess.run(git + ["-C", str(work), "commit", "-qm", "a"], check=True)
    commit = subprocess.run(["git", "-C", str(work), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    mirror = tmp_path / "mirror"
    subprocess.run(["git", "clone", "-q", "--mirror", str(work), str(mirror / "owner+docs/repo")], check=True)
    return mirror, commit


def _sources(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    return path


def test_builds_from_a_mirror_and_a_folder_all_in_test(tmp_path):
    a = make_pdf(tmp_path / "a.pdf", GOOD)
    b = make_pdf(tmp_path / "b.pdf", GOOD[:2], pages=2)
    mirror, commit = _mirror(tmp_path, a)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "renamed.pdf").write_bytes(b.read_bytes())
    sources = _sources(tmp_path, [
        {"id": "doc-a", "repo": "owner/docs", "commit": commit, "path": "papers/a.pdf", "licence": "MIT",
         "sha256": hashlib.sha256(a.read_bytes()).hexdigest(), "commit_images": True},
        {"id": "doc-b", "repo": "owner/other", "commit": "0" * 40, "path": "b.pdf", "licence": "none",
         "sha256": hashlib.sha256(b.read_bytes()).hexdigest(), "pages": "2"},
        {"id": "doc-c", "repo": "owner/gone", "commit": "0" * 40, "path": "c.pdf", "licence": "none", "sha256": "0" * 64},
    ])
    out = tmp_path / "real"
    result, problems, _ = build_real_set(sources, out, pdfs=folder, mirror=mirror, workers=1, progress=False)
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["counts"] == {"train": 0, "val": 0, "test": len(GOOD) + 2}  # doc-b: page 2 only
    assert {d["name"] for d in m["documents"]} == {"doc-a.pdf", "doc-b.pdf"}
    assert m["documents"][0]["source"]["repo"] == "owner/docs" and m["framing"] == "ink-tight"
    assert len(problems) == 1 and "doc-c" in problems[0] and "\n" not in problems[0]
    assert not any(p.name.endswith(".pdfs") for p in tmp_path.iterdir())  # the staging folder is gone

    with pytest.raises(UserError, match="not empty"):
        build_real_set(sources, out, pdfs=folder, mirror=mirror, workers=1, progress=False)
    licensed = tmp_path / "licensed"
    build_real_set(sources, licensed, pdfs=folder, mirror=mirror, workers=1, progress=False, licensed_only=True)
    assert [d["name"] for d in json.loads((licensed / "manifest.json").read_text())["documents"]] == ["doc-a.pdf"]


def test_sha256_mismatch_is_a_problem_not_a_crash(tmp_path):
    a = make_pdf(tmp_path / "a.pdf", GOOD)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(a.read_bytes())
    sources = _sources(tmp_path, [{"id": "x", "repo": "o/r", "commit": "0" * 40, "path": "a.pdf", "licence": "MIT",
                                   "sha256": "f" * 64}])
    with pytest.raises(UserError, match="no source PDF found"):
        build_real_set(sources, tmp_path / "real", pdfs=folder, mirror=None, workers=1, progress=False)


def test_the_committed_sources_list_loads():
    from thaiocr.data.real_set import load_sources
    from thaiocr.paths import repo_root

    sources = load_sources(repo_root() / "datasets/real/sources.yaml")
    assert len(sources) >= 10 and all(len(s.sha256) == 64 and len(s.commit) == 40 for s in sources)
