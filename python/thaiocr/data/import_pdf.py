"""`thaiocr data import-pdf`: born-digital PDFs -> line images and labels in the ordinary dataset layout.

Pages are rendered in gray (PDFium), the text layer gives each line's text, font and box, each line is cut
tight to its ink with a small white margin (`framing: ink-tight`, what a text detector or a PDF-aware
cropper hands over), and every line whose text layer cannot be trusted is refused and counted by reason.
Splits go by document, so no document is ever in two splits. Pages are processed in a process pool.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from thaiocr import __version__
from thaiocr.dataset import layout
from thaiocr.dataset.manifest import write_manifest
from thaiocr.errors import UserError
from thaiocr.pdf.degrade import Degrade
from thaiocr.text.dictionary import BASE_CHARSETS, build_dictionary, write_dictionary
from thaiocr.text.normalize import normalize_text

SPLIT_BY = ("document", "page")


@dataclass(frozen=True)
class Options:
    dpi: int = 200
    degrade: Degrade = field(default_factory=Degrade)
    max_text_length: int = 120
    min_chars: int = 2
    margin: float = 0.06
    thai_only: bool = False
    max_lines_per_document: int | None = None  # evenly spread over the document when capped
    charset: frozenset[str] | None = None  # allowed characters (default: every base charset)


@dataclass
class PageResult:
    doc: int
    page: int
    lines: list[tuple[bytes, str, dict]]   # png, label, meta
    refusals: Counter


@dataclass
class ImportPdfResult:
    manifest: dict
    errors: list[str]


def find_pdfs(sources: list[Path]) -> list[Path]:
    files: list[Path] = []
    for src in sources:
        src = Path(src)
        if src.is_dir():
            files += sorted(p for p in src.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        elif src.is_file():
            files.append(src)
        else:
            raise UserError(f"not found: {src}")
    if not files:
        raise UserError(f"no PDF files in {', '.join(map(str, sources))}")
    return list(dict.fromkeys(files))


def parse_pages(spec: str | None, count: int) -> list[int]:
    """'1-3,7' -> [0, 1, 2, 6] (0-based), clipped to the document; None: every page."""
    if not spec:
        return list(range(count))
    pages: set[int] = set()
    try:
        for part in str(spec).split(","):
            lo, _, hi = part.strip().partition("-")
            pages.update(range(int(lo) - 1, min(int(hi or lo), count)))
    except ValueError:
        raise UserError(f"page list {spec!r}: expected e.g. 1-3,7") from None
    return sorted(p for p in pages if 0 <= p < count)


def _allowed() -> set[str]:
    chars: set[str] = set()
    for s in BASE_CHARSETS.values():
        chars.update(s)
    return chars


_worker_docs: dict[str, object] = {}


def _page_job(args) -> PageResult:
    """Worker: render one page, cut and check its lines (documents stay open per process)."""
    import cv2

    from thaiocr.pdf.checks import geometry_problem, text_problem
    from thaiocr.pdf.lines import InkMap, crop_line, group_lines, ink_problem
    from thaiocr.pdf.render import render_gray
    from thaiocr.pdf.text_layer import open_pdf, page_chars

    doc_i, path, page_i, opts = args
    doc = _worker_docs.get(path)
    if doc is None:
        doc = _worker_docs[path] = open_pdf(Path(path))
    refusals: Counter = Counter()
    out = []
    page = doc[page_i]
    try:
        if page.get_rotation() % 360:
            refusals["rotated page"] += 1
            return PageResult(doc_i, page_i, out, refusals)
        chars = page_chars(page)
        lines = group_lines(chars)
        if not lines:
            return PageResult(doc_i, page_i, out, refusals)
        img = render_gray(page, opts.dpi)
    finally:
        page.close()
    scale = opts.dpi / 72.0
    allowed = opts.charset or _allowed()
    ink = InkMap(img)
    for n, line in enumerate(lines):
        raw = line.text
        if len(raw.replace(" ", "")) < opts.min_chars:
            continue
        if opts.thai_only and not any("\u0e01" <= c <= "\u0e5b" for c in raw):
            continue
        reason = text_problem(raw, allowed) or geometry_problem(line)
        text = normalize_text(raw)
        if reason is None and len(text) > opts.max_text_length:
            reason = "longer than max_text_length"
        if reason is None:
            reason = ink_problem(ink, line, scale)
        if reason:
            refusals[reason] += 1
            continue
        crop = opts.degrade.apply(crop_line(img, line, scale, opts.margin),
                                  seed=f"{Path(path).name}/{page_i}/{n}")
        ok, png = cv2.imencode(".png", crop, [cv2.IMWRITE_PNG_COMPRESSION, 6])
        if not ok:
            refusals["image encoding failed"] += 1
            continue
        x0, y0, x1, y1 = line.box
        out.append((png.tobytes(), text, {
            "font": line.family, "font_name": line.font, "font_size": round(line.size, 2),
            "page": page_i + 1, "line": n + 1,
            "box": [round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)],
        }))
    return PageResult(doc_i, page_i, out, refusals)


def _cap(results: list[PageResult], cap: int | None) -> set[tuple[int, int, int]]:
    """(doc, page, line) kept: all, or at most `cap` per document spread evenly over its pages."""
    by_doc: dict[int, list[tuple[int, int, int]]] = {}
    for r in results:
        by_doc.setdefault(r.doc, []).extend((r.doc, r.page, k) for k in range(len(r.lines)))
    keep: set[tuple[int, int, int]] = set()
    for ids in by_doc.values():
        if cap is None or len(ids) <= cap:
            keep.update(ids)
        else:
            keep.update(ids[int(i * len(ids) / cap)] for i in range(cap))
    return keep


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[:60] or "doc"


def _split_of(key: str, ratios: dict[str, float], seed: int) -> str:
    """Stable per key (document or page): adding documents never moves old ones between splits."""
    x = int.from_bytes(hashlib.sha256(f"{seed}/{key}".encode()).digest()[:8], "big") / 2**64
    acc = 0.0
    for split in layout.SPLITS:
        acc += ratios.get(split, 0.0)
        if x < acc:
            return split
    return "train"


def import_pdfs(sources: list[Path], out: Path, *, name: str, opts: Options = Options(), split: str | None = None,
                ratios: dict[str, float] | None = None, split_by: str = "document", seed: int = 0,
                workers: int | None = None, progress: bool = True,
                pages: dict[str, str] | None = None) -> ImportPdfResult:
    """Import every PDF of `sources` (files or folders) into `out`; `pages` maps a document name
    (relative to its folder) to the pages to take, e.g. {"a.pdf": "1-12"}."""
    from tqdm import tqdm

    from thaiocr.pdf.text_layer import PdfError, has_text_layer, open_pdf

    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} is not empty", hint="choose a new --out")
    if split_by not in SPLIT_BY:
        raise UserError(f"--split-by: expected one of {', '.join(SPLIT_BY)}, got {split_by!r}")
    ratios = ratios or {"train": 0.8, "val": 0.1, "test": 0.1}
    pages_of = pages
    files = find_pdfs(sources)
    roots = [Path(s) for s in sources if Path(s).is_dir()]
    docs, errors, jobs = [], [], []
    for path in files:
        try:
            doc = open_pdf(path)
            try:
                if not has_text_layer(doc):
                    raise PdfError(f"{path}: no text layer (a scan or an image-only PDF): "
                                   f"run OCR on it or label its lines with 'thaiocr data import'")
                pages = len(doc)
            finally:
                doc.close()
        except PdfError as exc:
            errors.append(str(exc))
            continue
        rel = next((path.relative_to(r).as_posix() for r in roots if path.is_relative_to(r)), path.name)
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        i = len(docs)
        docs.append({"name": rel, "sha256": sha, "pages": pages, "id": f"{i:03d}_{_slug(Path(rel).stem)}",
                     "lines": 0, "splits": Counter(), "fonts": Counter()})
        jobs += [(i, str(path), p, opts) for p in parse_pages((pages_of or {}).get(rel), pages)]
    if not jobs:
        raise UserError("nothing to import: " + "; ".join(errors) if errors else "nothing to import")

    rows: dict[str, list[tuple[str, str, dict]]] = {s: [] for s in layout.SPLITS}
    refusals: Counter = Counter()
    results: list[PageResult] = []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    bar = tqdm(total=len(jobs), desc="import-pdf", unit="page", disable=None if progress else True)
    try:
        if workers == 1:
            for job in jobs:
                results.append(_page_job(job))
                bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for res in pool.map(_page_job, jobs, chunksize=4):
                    results.append(res)
                    bar.update(1)
    finally:
        bar.close()
    out.mkdir(parents=True, exist_ok=True)
    results.sort(key=lambda r: (r.doc, r.page))
    keep = _cap(results, opts.max_lines_per_document)
    for res in results:
        refusals.update(res.refusals)
        d = docs[res.doc]
        key = d["sha256"] if split_by == "document" else f"{d['sha256']}/{res.page}"
        target = split or _split_of(key, ratios, seed)
        for k, (png, text, meta) in enumerate(res.lines):
            if (res.doc, res.page, k) not in keep:
                continue
            rel = f"images/{target}/{d['id']}/p{meta['page']:04d}_l{meta['line']:03d}.png"
            dest = out / layout.REC_DIR / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(png)
            rows[target].append((rel, text, {"image": rel, "text": text, "document": d["name"], **meta,
                                             "effects": opts.degrade.names()}))
            d["lines"] += 1
            d["splits"][target] += 1
            d["fonts"][meta["font"]] += 1
    labels_all = [t for r in rows.values() for _, t, _ in r]
    if not labels_all:
        shutil.rmtree(out, ignore_errors=True)
        reasons = ", ".join(f"{k} {v}" for k, v in refusals.most_common(3)) or "no text lines"
        raise UserError(f"no line could be imported ({reasons})" + (f"; {'; '.join(errors)}" if errors else ""))
    manifest = write_layout(out, rows, labels_all, docs, refusals, errors, name=name, opts=opts, split=split,
                            ratios=ratios, split_by=split_by, seed=seed)
    return ImportPdfResult(manifest, errors)


def write_layout(out: Path, rows, labels_all, docs, refusals, errors, *, name, opts, split, ratios, split_by,
                 seed) -> dict:
    import json

    for s, r in rows.items():
        layout.write_atomic(out / layout.label_file(s), "".join(f"{p}\t{t}\n" for p, t, _ in r))
        layout.write_atomic(out / layout.meta_file(s),
                            "".join(json.dumps(m, ensure_ascii=False, sort_keys=True) + "\n" for _, _, m in r))
    chars = build_dictionary(labels_all, ("thai", "digits"))
    write_dictionary(out / layout.DICT_FILE, chars)
    documents = [{"name": d["name"], "sha256": d["sha256"], "pages": d["pages"], "lines": d["lines"],
                  "splits": dict(d["splits"]), "fonts": dict(d["fonts"].most_common())} for d in docs]
    fonts = {s: sorted({m["font"] for _, _, m in r}) for s, r in rows.items()}
    manifest = {
        "name": name, "mode": "import-pdf", "generator": f"thaiocr-import-pdf {__version__}", "seed": seed,
        "spec": {"dpi": opts.dpi, "degrade": opts.degrade.as_dict(), "split": split, "splits": ratios,
                 "split_by": split_by, "margin": opts.margin, "min_chars": opts.min_chars,
                 "thai_only": opts.thai_only, "max_lines_per_document": opts.max_lines_per_document},
        "framing": "ink-tight",
        "counts": {s: len(r) for s, r in rows.items()},
        "fonts": fonts,
        "label_files": {s: layout.label_file(s) for s in layout.SPLITS},
        "meta_files": {s: layout.meta_file(s) for s in layout.SPLITS},
        "dict_file": layout.DICT_FILE, "dict_size": len(chars),
        "use_space_char": True, "max_text_length": opts.max_text_length,
        "max_label_length": max(len(t) for t in labels_all), "image_height": None,
        "char_histogram": dict(sorted(Counter(c for t in labels_all for c in t).items())),
        "documents": documents,
        "refusals": dict(sorted(refusals.items(), key=lambda kv: (-kv[1], kv[0]))),
        "refused": sum(refusals.values()),
        "errors": errors,
        "content_hash": layout.content_hash(out),
    }
    return write_manifest(out, manifest)  # validated against the typed manifest, written last
