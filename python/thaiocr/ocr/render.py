"""Pages -> text, JSON or hOCR.

hOCR follows the 1.2 spec closely enough for OCRmyPDF-style tools (hocrtransform): one ocr_page with
its bbox per page, an ocr_line per line with bbox and baseline, one ocrx_word per line (Thai has no
word spaces to split on; x_wconf is the line confidence in percent).
"""
from __future__ import annotations

import json
from html import escape

from thaiocr.ocr.result import Page

FORMATS = ("text", "json", "hocr")


def render(pages: list[Page], fmt: str) -> str:
    if fmt == "text":
        return to_text(pages)
    if fmt == "json":
        return to_json(pages)
    if fmt == "hocr":
        return to_hocr(pages)
    raise ValueError(fmt)


def to_text(pages: list[Page]) -> str:
    """Lines one per row; pages separated by a form feed, as pdftotext does."""
    return "\f".join(p.text + "\n" for p in pages)


def to_json(pages: list[Page]) -> str:
    return json.dumps({"pages": [p.as_dict() for p in pages]}, ensure_ascii=False, indent=1) + "\n"


def to_hocr(pages: list[Page], title: str = "thaiocr") -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
           '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
           '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="th" lang="th">',
           "<head>", f"<title>{escape(title)}</title>",
           '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
           '<meta name="ocr-system" content="thaiocr"/>',
           '<meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word"/>',
           "</head>", "<body>"]
    for pi, page in enumerate(pages, start=1):
        image = f'image &quot;{escape(page.source, quote=True)}&quot;; ' if page.source else ""
        out.append(f'<div class="ocr_page" id="page_{pi}" title="{image}bbox 0 0 {page.width} {page.height}; '
                   f'ppageno {pi - 1}">')
        if page.lines:
            x0 = min(ln.bbox()[0] for ln in page.lines)
            y0 = min(ln.bbox()[1] for ln in page.lines)
            x1 = max(ln.bbox()[2] for ln in page.lines)
            y1 = max(ln.bbox()[3] for ln in page.lines)
            out.append(f'<div class="ocr_carea" id="block_{pi}_1" title="bbox {x0} {y0} {x1} {y1}">')
            out.append(f'<p class="ocr_par" id="par_{pi}_1" lang="tha" title="bbox {x0} {y0} {x1} {y1}">')
            for li, line in enumerate(page.lines, start=1):
                bx0, by0, bx1, by1 = line.bbox()
                conf = int(round(100 * max(0.0, min(1.0, line.confidence))))
                out.append(f'<span class="ocr_line" id="line_{pi}_{li}" title="bbox {bx0} {by0} {bx1} {by1}; '
                           f'baseline 0 0; x_size {max(1, by1 - by0)}; x_descenders 0; x_ascenders 0">'
                           f'<span class="ocrx_word" id="word_{pi}_{li}" title="bbox {bx0} {by0} {bx1} {by1}; '
                           f'x_wconf {conf}">{escape(line.text)}</span></span>')
            out.append("</p>")
            out.append("</div>")
        out.append("</div>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
