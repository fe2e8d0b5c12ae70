"""CER, WER and line accuracy on normalised text, the same for every engine.

Every string goes through `thaiocr.text.normalize.normalize_text` first (NFC, sara am U+0E33, vowel
before tone, zero-width removed, whitespace collapsed), so an engine is never charged for an encoding
choice. CER is also given with spaces removed: Thai separates phrases, not words, and engines disagree
on where a space belongs (Tesseract's `tha` puts one between words).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from thaiocr.text.normalize import normalize_text

LENGTH_BUCKETS = ((1, 10), (11, 20), (21, 30), (31, 40), (41, 60), (61, 79), (80, 10_000))
# What reaches below the baseline: a line without any is framed differently by a tight ink crop, which is
# why real-document results are broken down by it.
DESCENDERS = frozenset("\u0e38\u0e39\u0e3a" "ญฐฎฏฤฦ" "gjpqy" ",;()[]{}|_")


def words(text: str) -> list[str]:
    """Thai has no spaces between words: segment with pythainlp's dictionary-based newmm."""
    from pythainlp.tokenize import word_tokenize

    return [w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if w.strip()]


def descender_group(text: str) -> str:
    return "with descenders" if any(c in DESCENDERS for c in text) else "without descenders"


def length_bucket(n: int) -> str:
    for lo, hi in LENGTH_BUCKETS:
        if lo <= n <= hi:
            return f"{lo}-{hi}" if hi < 10_000 else f"{lo}+"
    return "0"


@dataclass
class LineScore:
    ref: str
    hyp: str
    char_errors: int
    chars: int
    char_errors_nospace: int
    chars_nospace: int
    word_errors: int
    words: int

    @property
    def correct(self) -> bool:
        return self.ref == self.hyp

    @property
    def cer(self) -> float:
        return self.char_errors / max(1, self.chars)


def score_line(ref: str, hyp: str) -> LineScore:
    ref, hyp = normalize_text(ref), normalize_text(hyp)
    ref_ns, hyp_ns = ref.replace(" ", ""), hyp.replace(" ", "")
    ref_w, hyp_w = words(ref), words(hyp)
    return LineScore(ref, hyp, Levenshtein.distance(ref, hyp), len(ref),
                     Levenshtein.distance(ref_ns, hyp_ns), len(ref_ns),
                     Levenshtein.distance(ref_w, hyp_w), len(ref_w))


@dataclass
class Aggregate:
    """Corpus-level rates: total edits over total reference length, not a mean of per-line rates."""

    lines: int = 0
    correct: int = 0
    char_errors: int = 0
    chars: int = 0
    char_errors_nospace: int = 0
    chars_nospace: int = 0
    word_errors: int = 0
    words: int = 0

    def add(self, s: LineScore) -> None:
        self.lines += 1
        self.correct += s.correct
        self.char_errors += s.char_errors
        self.chars += s.chars
        self.char_errors_nospace += s.char_errors_nospace
        self.chars_nospace += s.chars_nospace
        self.word_errors += s.word_errors
        self.words += s.words

    def as_dict(self) -> dict:
        return {
            "lines": self.lines,
            "cer": round(self.char_errors / max(1, self.chars), 4),
            "cer_nospace": round(self.char_errors_nospace / max(1, self.chars_nospace), 4),
            "wer": round(self.word_errors / max(1, self.words), 4),
            "line_accuracy": round(self.correct / max(1, self.lines), 4),
        }


def confusions(pairs: list[tuple[str, str]], top: int = 20) -> list[dict]:
    """The most frequent character edits (ref -> hyp; '' is a deletion or an insertion)."""
    counts: Counter = Counter()
    for ref, hyp in pairs:
        for op in Levenshtein.editops(ref, hyp):
            src = ref[op.src_pos] if op.tag in ("replace", "delete") else ""
            dst = hyp[op.dest_pos] if op.tag in ("replace", "insert") else ""
            counts[(src, dst)] += 1
    return [{"ref": r, "hyp": h, "count": n} for (r, h), n in counts.most_common(top)]


@dataclass
class Breakdown:
    """Aggregates keyed by a group (font, effect, length bucket)."""

    groups: dict[str, Aggregate] = field(default_factory=dict)

    def add(self, key: str, s: LineScore) -> None:
        self.groups.setdefault(key, Aggregate()).add(s)

    def as_dict(self) -> dict:
        return {k: self.groups[k].as_dict() for k in sorted(self.groups, key=_natural)}


def _natural(key: str):
    head = key.split("-")[0].rstrip("+")
    return (0, int(head), key) if head.isdigit() else (1, 0, key)
