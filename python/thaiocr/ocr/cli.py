"""`thaiocr ocr FILE...`: whole pages (PNG, JPEG, TIFF, every page of a PDF) -> text, JSON or hOCR."""
from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    from thaiocr.evaluation.cli import _positive

    p = sub.add_parser("ocr", help="read whole pages: images and PDFs -> text, JSON or hOCR",
                       description="Detect text lines (PP-OCRv5 mobile detector), read each with the model, "
                                   "print the pages' text in reading order (or JSON with boxes, or hOCR).")
    p.add_argument("files", nargs="+", metavar="FILE", help="PNG, JPEG, TIFF or PDF files")
    p.add_argument("--dpi", type=_positive, default=200, help="PDF rendering resolution (default 200)")
    p.add_argument("--format", choices=("text", "json", "hocr"), default="text", help="output (default text)")
    p.add_argument("--out", type=Path, help="write here instead of stdout")
    p.add_argument("--model", metavar="DIR|TAR|S3", help="recogniser model (default: the shipped model)")
    p.add_argument("--threads", type=_positive, default=2, help="CPU threads for detection and recognition (default 2)")
    p.add_argument("--max-pages", type=_positive, default=500, help="pages per file (default 500)")
    p.add_argument("--env", default="local", help="AWS env for an s3:// --model (default local)")
    p.add_argument("--evaluate", action="store_true",
                   help="FILEs are born-digital PDFs: score page CER against each page's text layer, beside "
                        "Tesseract's page modes, and print a table (--out: the JSON report)")
    p.add_argument("--pages", metavar="N[,N...]", help="with --evaluate: only these pages of every file (1-based)")
    p.add_argument("--psm", type=int, action="append", metavar="N",
                   help="with --evaluate: Tesseract page modes to compare (default 3 and 6; 0 of them: --psm 0)")
    p.set_defaults(func=_run)


def _run(args) -> int:
    from thaiocr.errors import UserError
    from thaiocr.evaluation.model_source import resolve_model
    from thaiocr.ocr.pages import PageLimits, load_pages
    from thaiocr.ocr.pipeline import PageOCR
    from thaiocr.ocr.render import render

    for f in args.files:  # every path checked before the models load
        if not Path(f).is_file():
            raise UserError(f"file not found: {f}")
    if args.out is not None and args.out.parent and not args.out.parent.is_dir():
        raise UserError(f"--out: folder {args.out.parent} does not exist")
    limits = PageLimits(dpi=args.dpi, max_pages=args.max_pages, max_pixels=200_000_000)
    ocr = PageOCR.load(resolve_model(args.model, env=args.env), threads=args.threads)
    if args.evaluate:
        return _evaluate(args, ocr)
    pages = []
    for f in args.files:
        for i, image in enumerate(load_pages(Path(f).read_bytes(), limits, f), start=1):
            page = ocr.page(image, number=i, source=f)
            pages.append(page)
            print(f"{f} page {i}: {len(page.lines)} lines, {page.seconds:.2f} s", file=sys.stderr)
    text = render(pages, args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _evaluate(args, ocr) -> int:
    import json

    from thaiocr.errors import UserError
    from thaiocr.ocr.evaluate import evaluate, table

    try:
        pages = [int(n) for n in args.pages.split(",")] if args.pages else None
    except ValueError:
        raise UserError(f"--pages: expected page numbers like 1,2, got '{args.pages}'") from None
    psms = [p for p in (args.psm or [3, 6]) if p > 0]
    if psms:
        from thaiocr.evaluation.tesseract import available

        reason = available("tha+eng")
        if reason:
            raise UserError(f"{reason} (or --psm 0 to skip Tesseract)")
    engines = evaluate([Path(f) for f in args.files], ocr, dpi=args.dpi, tesseract_psms=psms, pages=pages,
                       max_pages=args.max_pages)
    print(table(engines))
    if args.out:
        args.out.write_text(json.dumps({"dpi": args.dpi, "engines": [e.as_dict() for e in engines]},
                                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0
