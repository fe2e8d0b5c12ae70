"""What POST /invocations accepts, as a pure function of content type, body and query, so each bad
request maps to one clear 4xx here and the HTTP layer stays thin.

Accepted bodies: raw image bytes (`image/png`, `image/jpeg`, `image/tiff`, `application/x-image`),
raw PDF bytes (`application/pdf`), `application/octet-stream` (sniffed), `text/plain` holding one
`s3://` URI, or `application/json`: `{"image_base64" | "pdf_base64" | "s3_uri": ..., "mode": ...}`,
or a line-mode batch `{"instances": [...]}` / a bare list of such objects.

Modes: `line` (each image is one text line: today's contract, `{"predictions": [...]}`) and `page`
(detect and read every line of every page: `{"pages": [...]}`). Default: `page` for PDFs, else `line`.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

import numpy as np

from thaiocr.errors import UserError
from thaiocr.ocr.pages import BadDocument, PageLimits, kind_of, load_pages

IMAGE_TYPES = ("image/png", "image/jpeg", "image/jpg", "image/tiff", "image/tif", "application/x-image")
PDF_TYPES = ("application/pdf", "application/x-pdf")
JSON_TYPES = ("application/json",)
SNIFF_TYPES = ("application/octet-stream",)
TEXT_TYPES = ("text/plain",)
MODES = ("line", "page")


class HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_body: int = 6 * 1024 * 1024  # SageMaker real-time endpoints cap a request at 6 MB
    max_batch: int = 32
    allow_s3: bool = True
    max_s3_bytes: int = 50 * 1024 * 1024  # an S3 document may be larger than a request body
    pages: PageLimits = field(default_factory=lambda: PageLimits(dpi=200, max_pages=20, max_pixels=40_000_000))


@dataclass
class Document:
    """One input: its bytes (image or PDF), where it came from, and its kind."""

    data: bytes
    where: str
    kind: str  # image | pdf


@dataclass
class Invocation:
    mode: str
    documents: list[Document]


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def parse_invocation(content_type: str | None, body: bytes, limits: Limits, env: str | None = "local",
                     mode: str | None = None) -> Invocation:
    """Body -> documents (S3 objects fetched), with the mode checked; decoding happens later."""
    if mode is not None and mode not in MODES:
        raise HTTPError(400, f"unknown mode '{mode}': use line or page")
    kind = media_type(content_type)
    if not body:
        raise HTTPError(400, "empty body: send an image, a PDF or JSON")
    if kind in IMAGE_TYPES + PDF_TYPES + SNIFF_TYPES:
        docs = [_document(body, "body")]
        if kind in IMAGE_TYPES and docs[0].kind != "image":
            raise HTTPError(400, f"body is not an image although the content type is {kind}")
        if kind in PDF_TYPES and docs[0].kind != "pdf":
            raise HTTPError(400, f"body is not a PDF although the content type is {kind}")
        return _with_mode(docs, mode)
    if kind in TEXT_TYPES:
        uri = _text(body).strip()
        return _with_mode([_s3_document(uri, "body", limits, env)], mode)
    if kind not in JSON_TYPES:
        raise HTTPError(415, f"unsupported content type '{kind or 'none'}': send image/png, image/jpeg, "
                             "image/tiff, application/pdf or application/json")
    try:
        doc = json.loads(_text(body))
    except json.JSONDecodeError as exc:
        raise HTTPError(400, f"body is not valid JSON ({exc.msg} at position {exc.pos})") from None
    if isinstance(doc, dict) and "instances" in doc:
        items = doc["instances"]
        if not isinstance(items, list):
            raise HTTPError(400, "'instances' must be a list")
    elif isinstance(doc, list):
        items = doc
    elif isinstance(doc, dict):
        items = [doc]
    else:
        raise HTTPError(400, "expected a JSON object with image_base64, pdf_base64 or s3_uri, or a list of them")
    if not items:
        raise HTTPError(400, "empty batch")
    if len(items) > limits.max_batch:
        raise HTTPError(413, f"batch of {len(items)} inputs is over the limit of {limits.max_batch}")
    if mode is None and isinstance(doc, dict) and "mode" in doc:
        mode = doc["mode"]
        if mode not in MODES:
            raise HTTPError(400, f"unknown mode {json.dumps(mode)[:40]}: use line or page")
    docs = [_instance(item, i, limits, env) for i, item in enumerate(items)]
    return _with_mode(docs, mode)


def _with_mode(docs: list[Document], mode: str | None) -> Invocation:
    if mode is None:
        mode = "page" if any(d.kind == "pdf" for d in docs) else "line"
    if mode == "line":
        pdf = next((d for d in docs if d.kind == "pdf"), None)
        if pdf is not None:
            raise HTTPError(400, f"{pdf.where}: a PDF is read with mode=page, not mode=line")
    return Invocation(mode, docs)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, "body is not UTF-8 text") from None


def _document(data: bytes, where: str) -> Document:
    try:
        return Document(data, where, kind_of(data))
    except BadDocument as exc:
        raise HTTPError(400 if exc.status == 415 else exc.status, f"{where}: {exc}") from None


def _instance(item, i: int, limits: Limits, env: str | None) -> Document:
    where = f"instance {i}"
    if not isinstance(item, dict):
        raise HTTPError(400, f"{where}: expected an object with image_base64, pdf_base64 or s3_uri")
    keys = [k for k in ("image_base64", "pdf_base64", "s3_uri") if k in item]
    if len(keys) != 1:
        raise HTTPError(400, f"{where}: give exactly one of image_base64, pdf_base64 or s3_uri")
    key = keys[0]
    value = item[key]
    if not isinstance(value, str) or not value:
        raise HTTPError(400, f"{where}: {key} must be a non-empty string")
    if key == "s3_uri":
        return _s3_document(value, where, limits, env)
    doc = _document(_b64(value, where, key), where)
    expected = "pdf" if key == "pdf_base64" else "image"
    if doc.kind != expected:
        raise HTTPError(400, f"{where}: {key} does not hold {'a PDF' if expected == 'pdf' else 'an image'}")
    return doc


def _s3_document(uri: str, where: str, limits: Limits, env: str | None) -> Document:
    if not limits.allow_s3:
        raise HTTPError(400, f"{where}: s3 inputs are disabled on this server")
    if not uri.startswith("s3://"):
        raise HTTPError(400, f"{where}: expected an s3:// URI")
    from thaiocr.evaluation.model_source import read_s3_bytes

    try:
        data = read_s3_bytes(uri, env, max_bytes=limits.max_s3_bytes)
    except UserError as exc:
        status = 413 if "over the limit" in str(exc) else 400
        raise HTTPError(status, f"{where}: {exc}") from None
    return _document(data, f"{where} ({uri})")


def _b64(value: str, where: str, key: str) -> bytes:
    if value.startswith("data:") and "," in value:  # a data URL, as browsers make them
        value = value.split(",", 1)[1]
    try:
        data = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise HTTPError(400, f"{where}: {key} is not valid base64") from None
    if not data:
        raise HTTPError(400, f"{where}: {key} decodes to nothing")
    return data


def decode_line_image(doc: Document, limits: Limits) -> np.ndarray:
    """A line-mode input: the first frame of an image, size checked before decoding."""
    try:
        return next(iter(load_pages(doc.data, PageLimits(dpi=limits.pages.dpi, max_pages=10_000,
                                                         max_pixels=limits.pages.max_pixels), doc.where)))
    except BadDocument as exc:
        raise HTTPError(exc.status if exc.status != 415 else 400, str(exc)) from None


def document_pages(doc: Document, limits: Limits):
    """A page-mode input: its pages, one BGR array at a time (limits checked before the first)."""
    try:
        yield from load_pages(doc.data, limits.pages, doc.where)
    except BadDocument as exc:
        raise HTTPError(exc.status if exc.status != 415 else 400, str(exc)) from None
