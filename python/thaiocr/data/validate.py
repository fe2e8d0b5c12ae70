"""Find every label PaddleOCR would silently drop or mangle, before any GPU time is spent.

PaddleOCR's SimpleDataSet splits a line at tabs and takes the second field; CTCLabelEncode then skips
characters missing from the dictionary and drops a label that ends up empty or is longer than
`max_text_length` code points. None of that is reported during training, so it is reported here.
Works on this project's datasets and on third-party PaddleOCR label files.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from thaiocr.dataset import layout
from thaiocr.dataset.manifest import load_manifest
from thaiocr.errors import UserError
from thaiocr.text.dictionary import read_dictionary
from thaiocr.text.normalize import NIKHAHIT, SARA_AA, normalize_text

PADDLE_DEFAULT_MAX_TEXT_LENGTH = 25


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code}: {self.message}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    lines: int = 0
    files: list[str] = field(default_factory=list)
    dict_size: int = 0
    max_text_length: int = 0
    use_space_char: bool = True

    @property
    def ok(self) -> bool:
        return not self.findings

    def counts(self) -> Counter:
        return Counter(f.code for f in self.findings)

    def summary(self) -> str:
        if self.ok:
            return (f"ok: {self.lines} labels in {len(self.files)} file(s), dictionary of {self.dict_size}, "
                    f"max_text_length {self.max_text_length}")
        parts = ", ".join(f"{n} {code}" for code, n in sorted(self.counts().items()))
        return f"{len(self.findings)} problem(s) in {self.lines} labels: {parts}"


def _cp(chars) -> str:
    return ", ".join(f"{c!r} U+{ord(c):04X}" for c in sorted(set(chars)))


def check_label(text: str, charset: set[str], max_len: int, use_space: bool) -> list[tuple[str, str]]:
    """(code, message) for one label text."""
    problems = []
    if "\t" in text:
        problems.append(("tab-in-label", "a second tab: PaddleOCR keeps only the text before it"))
        text = text.split("\t")[0]  # what PaddleOCR trains on; check that
    if text.endswith("\r"):
        problems.append(("carriage-return", "line ends in \\r (CRLF file): the \\r becomes part of the label"))
        text = text.rstrip("\r")
    if not text.strip():
        problems.append(("empty", "empty label: PaddleOCR drops the line"))
        return problems
    if NIKHAHIT + SARA_AA in text:
        problems.append(("split-sara-am", "sara am written as U+0E4D U+0E32; must be U+0E33"))
    elif unicodedata.normalize("NFC", text) != text:
        problems.append(("not-nfc", "label is not Unicode NFC"))
    elif normalize_text(text) != text:
        problems.append(("not-normalized", f"label differs from its normal form {normalize_text(text)!r}"))
    allowed = charset | ({" "} if use_space else set())
    missing = {c for c in text if c not in allowed}
    if missing:
        effect = "dropped" if len([c for c in text if c in allowed]) == 0 else "silently removed"
        what = "spaces are not labels (use_space_char is false)" if missing == {" "} else _cp(missing)
        problems.append(("not-in-dict", f"characters not in the dictionary, {effect} by PaddleOCR: {what}"))
    if len(text) > max_len:
        problems.append(("too-long", f"{len(text)} code points > max_text_length {max_len}: PaddleOCR drops the line"))
    return problems


def _image_problem(path: Path) -> str | None:
    if not path.is_file():
        return "image-missing"
    import cv2
    import numpy as np

    data = np.fromfile(str(path), dtype=np.uint8)
    if data.size == 0 or cv2.imdecode(data, cv2.IMREAD_COLOR) is None:
        return "image-undecodable"
    return None


def validate_labels(label_files: list[Path], data_dir: Path, charset: set[str], max_len: int, use_space: bool,
                    check_images: bool = True, workers: int = 8) -> Report:
    report = Report(files=[str(p) for p in label_files], dict_size=len(charset), max_text_length=max_len,
                    use_space_char=use_space)
    images: list[tuple[str, int, Path]] = []
    seen: dict[str, tuple[str, int]] = {}
    for label_path in label_files:
        name = str(label_path)
        raw_lines = label_path.read_bytes().split(b"\n")
        if raw_lines and raw_lines[-1] == b"":
            raw_lines.pop()  # the final newline
        for n, raw_bytes in enumerate(raw_lines, 1):
            report.lines += 1
            try:
                raw = raw_bytes.decode("utf-8")
            except UnicodeDecodeError:
                report.findings.append(Finding(name, n, "not-utf8", "line is not UTF-8: PaddleOCR fails on it"))
                continue
            image, tab, text = raw.partition("\t")
            if not raw.strip():
                report.findings.append(Finding(name, n, "blank-line", "blank line: PaddleOCR fails to parse it"))
                continue
            if not tab:
                report.findings.append(Finding(name, n, "no-tab", "no tab between image path and label"))
                continue
            for code, msg in check_label(text, charset, max_len, use_space):
                report.findings.append(Finding(name, n, code, msg))
            if image in seen:
                f0, n0 = seen[image]
                report.findings.append(Finding(name, n, "duplicate-image", f"{image} also labelled at {f0}:{n0}"))
            else:
                seen[image] = (name, n)
                images.append((name, n, data_dir / image))
    if check_images and images:
        with ThreadPoolExecutor(workers) as pool:
            for (name, n, path), problem in zip(images, pool.map(_image_problem, (p for _, _, p in images))):
                if problem:
                    what = "not found" if problem == "image-missing" else "cannot be decoded"
                    report.findings.append(Finding(name, n, problem, f"{path} {what}"))
    report.findings.sort(key=lambda f: (f.file, f.line))
    return report


def validate_dataset(path: str | Path, dict_path: str | Path | None = None, max_text_length: int | None = None,
                     use_space_char: bool | None = None, data_dir: str | Path | None = None,
                     check_images: bool = True) -> Report:
    """Validate a dataset directory (this project's layout or any with rec_gt_*.txt) or one label file."""
    path = Path(path)
    manifest: dict = {}
    if path.is_dir():
        if (path / layout.MANIFEST).is_file():
            manifest = load_manifest(path).to_dict()
        label_files = sorted((path / layout.REC_DIR).glob("rec_gt_*.txt")) or sorted(path.glob("rec_gt_*.txt"))
        if not label_files:
            raise UserError(f"{path}: no label files (rec/rec_gt_*.txt)", hint="pass a label file instead")
        base = label_files[0].parent
        default_dict = path / layout.DICT_FILE
    elif path.is_file():
        label_files, base = [path], path.parent
        default_dict = next((p / layout.DICT_FILE for p in (path.parent, path.parent.parent)
                             if (p / layout.DICT_FILE).is_file()), None)
        if default_dict is not None and (default_dict.parent / layout.MANIFEST).is_file():
            manifest = load_manifest(default_dict.parent).to_dict()
    else:
        raise UserError(f"not found: {path}")
    dict_file = Path(dict_path) if dict_path else default_dict
    if dict_file is None or not dict_file.is_file():
        raise UserError(f"no dictionary found for {path}", hint="pass --dict FILE")
    charset = set(read_dictionary(dict_file))
    max_len = max_text_length or manifest.get("max_text_length") or PADDLE_DEFAULT_MAX_TEXT_LENGTH
    use_space = use_space_char if use_space_char is not None else manifest.get("use_space_char", True)
    return validate_labels(label_files, Path(data_dir) if data_dir else base, charset, int(max_len),
                           bool(use_space), check_images=check_images)
