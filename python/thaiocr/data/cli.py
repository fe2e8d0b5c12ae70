"""`thaiocr data ...`: synthesise, validate, import, merge and upload datasets."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from thaiocr.cli import group
from thaiocr.envs import env_arg
from thaiocr.errors import UserError


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {n}")
    return n


def _synth_args(p) -> None:
    p.add_argument("--spec", required=True, type=Path, help="dataset spec YAML (see datasets/specs/)")
    p.add_argument("--out", required=True, type=Path, help="dataset directory to create or resume")
    p.add_argument("--count", type=_positive, help="number of images (overrides the spec)")
    p.add_argument("--seed", type=int, help="random seed (overrides the spec)")
    p.add_argument("--workers", type=_positive, help="worker processes (default: all cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def register(sub) -> None:
    data = group(sub, "data", "make, check and upload datasets in PaddleOCR's recognition layout")

    p = data.add_parser("synth", help="synthesise a dataset from a spec (resumes an interrupted run)",
                        description="Render Thai text images from a spec into PaddleOCR's SimpleDataSet layout. "
                                    "Deterministic: the same spec and seed give byte-identical output.")
    _synth_args(p)
    p.add_argument("--force", action="store_true", help="overwrite a different or finished dataset in --out")
    p.set_defaults(func=_synth)

    p = data.add_parser("validate", help="report every label PaddleOCR would drop or mangle",
                        description="Check a dataset directory or a PaddleOCR label file: characters missing "
                                    "from the dictionary, labels over max_text_length (in code points), empty or "
                                    "non-normalised labels, missing or undecodable images. Exit 1 if any.")
    p.add_argument("path", type=Path, help="dataset directory or label file")
    p.add_argument("--dict", type=Path, help="dictionary file (default: the dataset's th_dict.txt)")
    p.add_argument("--max-text-length", type=_positive, help="default: the manifest's, else PaddleOCR's 25")
    p.add_argument("--use-space-char", action=argparse.BooleanOptionalAction, default=None,
                   help="whether spaces are labels (default: the manifest's, else yes)")
    p.add_argument("--data-dir", type=Path, help="folder image paths are relative to (default: the label file's)")
    p.add_argument("--no-images", action="store_true", help="skip opening images")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(func=_validate)

    p = data.add_parser("import", help="import real labelled images into the dataset layout",
                        description="Turn a folder of images with labels (a PaddleOCR label file, a CSV "
                                    "file_name,text, or a .txt beside each image) into a normalised, validated "
                                    "dataset that can be merged with synthetic ones.")
    p.add_argument("src", type=Path, help="folder of images")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--name", help="dataset name (default: the folder name)")
    p.add_argument("--labels", type=Path, help="label file (default: found in the folder)")
    p.add_argument("--split", choices=["train", "val", "test"], help="put everything in one split")
    p.add_argument("--splits", default="0.7,0.15,0.15", help="train,val,test shares (default 0.7,0.15,0.15)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-text-length", type=_positive, default=40)
    p.add_argument("--no-space-char", action="store_true", help="spaces are not labels (removed)")
    p.add_argument("--strict", action="store_true", help="fail instead of skipping bad lines")
    p.set_defaults(func=_import)

    _register_import_pdf(data)

    p = data.add_parser("merge", help="merge datasets (e.g. real + synthetic), keeping their splits")
    p.add_argument("sources", nargs="+", type=Path)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--name", required=True)
    p.add_argument("--frame", action="store_true",
                   help="re-frame sources not in the canonical line framing (e.g. import-pdf crops) instead of "
                        "linking them, so the merge trains in one framing")
    p.set_defaults(func=_merge)

    p = data.add_parser("upload", help="upload a finished dataset to s3://<bucket>/datasets/<name>/<hash>/")
    p.add_argument("path", type=Path)
    env_arg(p)
    p.add_argument("--manifest-only", action="store_true",
                   help="ENV=local only: register the dataset (manifest) and let local jobs link its files")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=_upload)

    # `data make` and `data import-pdf-job` are registered by thaiocr.processing.cli (they can become sharded
    # Processing jobs, a layer above data): see add_make_parser and make_here below.


def _print_manifest(out: Path, manifest: dict) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in manifest["counts"].items())
    print(f"{out}: {counts}; dictionary {manifest['dict_size']} chars; "
          f"max label {manifest['max_label_length']}/{manifest['max_text_length']}; "
          f"hash {manifest['content_hash'][:16]}")


def _synth(args) -> int:
    from thaiocr.synth.generate import synthesize
    from thaiocr.synth.spec import load_spec

    spec = load_spec(args.spec, count=args.count, seed=args.seed)
    manifest = synthesize(spec, args.out, workers=args.workers, force=args.force, progress=not args.quiet)
    _print_manifest(args.out, manifest)
    return 0


def _validate(args) -> int:
    from thaiocr.data.validate import validate_dataset

    report = validate_dataset(args.path, args.dict, args.max_text_length, args.use_space_char,
                              args.data_dir, check_images=not args.no_images)
    if args.json:
        json.dump({"ok": report.ok, "lines": report.lines, "counts": report.counts(),
                   "findings": [f.__dict__ for f in report.findings]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for finding in report.findings:
            print(finding)
        print(report.summary(), file=sys.stderr if report.findings else sys.stdout)
    return 0 if report.ok else 1


def _import(args) -> int:
    from thaiocr.data.importer import import_dataset

    try:
        shares = [float(x) for x in args.splits.split(",")]
    except ValueError:
        shares = []
    if len(shares) != 3 or abs(sum(shares) - 1) > 1e-6 or min(shares) < 0:
        raise UserError(f"--splits: expected three shares summing to 1, got {args.splits!r}")
    result = import_dataset(args.src, args.out, name=args.name or args.src.resolve().name, labels=args.labels,
                            split=args.split, ratios=dict(zip(("train", "val", "test"), shares)), seed=args.seed,
                            max_text_length=args.max_text_length, use_space_char=not args.no_space_char,
                            strict=args.strict)
    for line in result.skipped:
        print(f"skipped {line}", file=sys.stderr)
    _print_manifest(args.out, result.manifest)
    return 0


def _merge(args) -> int:
    from thaiocr.data.merge import merge_datasets

    _print_manifest(args.out, merge_datasets(args.sources, args.out, name=args.name, frame=args.frame))
    return 0


def _upload(args) -> int:
    from thaiocr.data.upload import upload_dataset

    result = upload_dataset(args.path, args.env, progress=not args.quiet, manifest_only=args.manifest_only)
    print(f"{result.uri} ({result.uploaded} uploaded, {result.skipped} already there)")
    return 0


def add_make_parser(data):
    """`data make`: synth + validate + upload; the caller adds its routing options and handler."""
    p = data.add_parser("make", help="synth + validate + upload (what `make data` runs)")
    _synth_args(p)
    env_arg(p)
    p.add_argument("--no-upload", action="store_true")
    return p


def make_here(args) -> int:
    """`data make` on this machine."""
    from thaiocr.data.pipeline import make_dataset

    result = make_dataset(args.spec, args.out, args.env, count=args.count, seed=args.seed, workers=args.workers,
                          upload=not args.no_upload, progress=not args.quiet)
    _print_manifest(args.out, result["manifest"])
    if result["uri"]:
        print(f"uploaded: {result['uri']}")
    return 0


def _register_import_pdf(data) -> None:
    p = data.add_parser("import-pdf", help="cut born-digital PDFs into line images, labelled from their text layer",
                        description="Render each page, take line text and boxes from the text layer, cut each "
                                    "line tight to its ink, refuse lines whose text layer is broken (counted by "
                                    "reason in the manifest) and write the ordinary dataset layout, split by "
                                    "document. A PDF that cannot be read is named in one line; the others import.")
    p.add_argument("sources", nargs="+", type=Path, help="PDF files or folders of PDFs")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--name", help="dataset name (default: the --out folder name)")
    p.add_argument("--dpi", type=_positive, default=200, help="render resolution (default 200)")
    p.add_argument("--degrade", help="e.g. blur=0.8,noise=6,jpeg=50,scale=0.6 (default: clean crops)")
    p.add_argument("--split", choices=["train", "val", "test"], help="put everything in one split")
    p.add_argument("--splits", default="0.8,0.1,0.1", help="train,val,test shares (default 0.8,0.1,0.1)")
    p.add_argument("--split-by", choices=["document", "page"], default="document",
                   help="unit kept within one split (default: document)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-text-length", type=_positive, default=120, help="longer lines are refused (default 120)")
    p.add_argument("--thai-only", action="store_true", help="keep only lines that contain Thai letters")
    p.add_argument("--dict", type=Path, help="refuse lines with characters outside this dictionary "
                                             "(default: Thai, digits, Latin, punctuation and document symbols)")
    p.add_argument("--workers", type=_positive, help="worker processes (default: all cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_import_pdf)

    p = data.add_parser("build-real", help="rebuild the real-document evaluation set from datasets/real/sources.yaml",
                        description="Gather the listed public PDFs (from --pdfs, matched by sha256, or from bare "
                                    "git mirrors of their repositories), check their sha256 and import them with "
                                    "import-pdf, every line in the test split (evaluation only).")
    p.add_argument("--sources", type=Path, default=Path("datasets/real/sources.yaml"))
    p.add_argument("--out", type=Path, default=Path(".local/datasets/real_docs"))
    p.add_argument("--pdfs", type=Path, help="folder holding the PDFs (any names; matched by sha256)")
    p.add_argument("--mirror", type=Path, default=Path("/work/.mirror"),
                   help="folder of bare mirrors <owner>+<name>/repo (default /work/.mirror)")
    p.add_argument("--dpi", type=_positive, default=200)
    p.add_argument("--max-lines-per-document", type=_positive, default=80,
                   help="so no document dominates (default 80, spread over its pages)")
    p.add_argument("--workers", type=_positive)
    p.add_argument("--licensed-only", action="store_true",
                   help="only the sources whose licence lets the images be committed (datasets/real/lines)")
    p.add_argument("--force", action="store_true", help="replace an existing --out")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=_build_real)


def _import_pdf(args) -> int:
    from thaiocr.data.import_pdf import Options, import_pdfs
    from thaiocr.pdf.degrade import Degrade

    try:
        shares = [float(x) for x in args.splits.split(",")]
    except ValueError:
        shares = []
    if len(shares) != 3 or abs(sum(shares) - 1) > 1e-6 or min(shares) < 0:
        raise UserError(f"--splits: expected three shares summing to 1, got {args.splits!r}")
    charset = None
    if args.dict:
        from thaiocr.text.dictionary import read_dictionary

        if not args.dict.is_file():
            raise UserError(f"--dict: not found: {args.dict}")
        charset = frozenset(read_dictionary(args.dict))
    opts = Options(dpi=args.dpi, degrade=Degrade.parse(args.degrade), max_text_length=args.max_text_length,
                   thai_only=args.thai_only, charset=charset)
    result = import_pdfs(args.sources, args.out, name=args.name or args.out.resolve().name, opts=opts,
                         split=args.split, ratios=dict(zip(("train", "val", "test"), shares)),
                         split_by=args.split_by, seed=args.seed, workers=args.workers, progress=not args.quiet)
    for err in result.errors:
        print(f"thaiocr: error: {err}", file=sys.stderr)
    m = result.manifest
    refused = ", ".join(f"{k} {v}" for k, v in m["refusals"].items()) or "none"
    print(f"{len(m['documents'])} document(s); refused {m['refused']} line(s): {refused}")
    _print_manifest(args.out, m)
    return 1 if result.errors else 0


def _build_real(args) -> int:
    from thaiocr.data.real_set import build_real_set

    result, problems, sources = build_real_set(args.sources, args.out, pdfs=args.pdfs, mirror=args.mirror,
                                               dpi=args.dpi, workers=args.workers, progress=not args.quiet,
                                               force=args.force, max_lines_per_document=args.max_lines_per_document,
                                               licensed_only=args.licensed_only)
    for line in problems + result.errors:
        print(f"thaiocr: error: {line}", file=sys.stderr)
    m = result.manifest
    fonts = sorted({f for d in m["documents"] for f in d["fonts"]})
    print(f"{len(m['documents'])}/{len(sources)} documents, {m['counts']['test']} lines, {len(fonts)} fonts "
          f"({', '.join(fonts)}); refused {m['refused']}")
    _print_manifest(args.out, m)
    return 1 if problems or result.errors else 0

