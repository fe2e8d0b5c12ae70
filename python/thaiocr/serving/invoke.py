"""One invocation, run in a model worker: parse, decode, recognise lines or read pages."""
from __future__ import annotations

import time

from thaiocr.serving.payload import HTTPError, decode_line_image, document_pages, parse_invocation


def invoke(state, content_type: str | None, body: bytes, mode: str | None, settings, deadline: float) -> dict:
    try:
        return _invoke(state, content_type, body, mode, settings, deadline)
    except TimeoutError:  # every recogniser predictor stayed busy until the deadline
        raise HTTPError(503, "all model workers busy, retry later") from None


def _invoke(state, content_type, body, mode, settings, deadline) -> dict:
    inv = parse_invocation(content_type, body, settings.limits, settings.env, mode)
    if inv.mode == "line":
        images = [decode_line_image(d, settings.limits) for d in inv.documents]
        preds = state.recognizer.predict(images, timeout=_left(deadline))
        return {"mode": "line", "predictions": [p.as_dict() for p in preds]}
    if state.pages is None:
        raise HTTPError(400, "mode=page is disabled on this server (started with --no-page)")
    pages = []
    for doc in inv.documents:
        for number, image in enumerate(document_pages(doc, settings.limits), start=1):
            if len(pages) >= settings.limits.pages.max_pages:
                raise HTTPError(413, f"more than {settings.limits.pages.max_pages} pages in one request")
            page = state.pages.page(image, number=number, source=doc.where, timeout=_left(deadline))
            pages.append(page.as_dict())
    return {"mode": "page", "pages": pages}


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise HTTPError(503, "request ran out of time, retry later or send fewer pages")
    return left
