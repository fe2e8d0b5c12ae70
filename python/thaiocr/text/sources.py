"""Where line text comes from: a real Thai lexicon (pythainlp's TNC frequencies and word list), runs of
real Thai sentences (the statute corpus), Latin words, Thai and Arabic digits, dates, amounts, numbering
and punctuation, mixed as the spec says.

Every choice draws from the caller's `random.Random`, so a sample's text depends on its seed alone.
"""
from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from functools import lru_cache

from thaiocr.text.dictionary import THAI_CHARS
from thaiocr.text.normalize import normalize_text

KINDS = ("thai_words", "latin_words", "arabic_digits", "thai_digits", "dates", "amounts", "numbering", "names",
         "bullets", "leaders", "sentences")
# `sentences`: a run of consecutive words of real Thai text (thaiocr.text.corpus), up to a whole line
THAI_RUNS = ("thai_words", "sentences")
# `bullets`: the line opens with a list marker; `leaders`: it ends in a dot leader and a page number
# (a table of contents). Drawn like the other kinds, they decorate the line instead of adding a token.
BULLETS = ("•", "•", "•", "●", "○", "▪", "■", "✓", "-", "–", "*", "1.", "2.", "3)", "(1)", "ก.", "(ก)",
           "๑.", "1.1", "ข้อ 1")
LEADER_CHARS = (".", ".", ".", "_", "…")
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI_DIGITS = str.maketrans("0123456789", THAI_DIGITS)
THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
THAI_MONTHS_ABBR = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
CURRENCY_WORDS = ("บาท", "บาทถ้วน", "ล้านบาท", "สตางค์", "USD", "%")
WRAPS = (("(", ")"), ("\"", "\""), ("“", "”"), ("'", "'"), ("[", "]"))
TRAILING = (",", ".", ":", ";", "?", "!", "ฯ", "ๆ", "-", "/")
_COMBINING = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
SINGLE_CHARS = "".join(c for c in THAI_CHARS if c not in _COMBINING)


class _Weighted:
    """Sampling from a fixed list by cumulative weight: O(log n) per draw from a random.Random."""

    def __init__(self, items: list[str], weights: list[float]):
        self.items = items
        self.cum = list(itertools.accumulate(weights))

    def __call__(self, rnd: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rnd.random() * self.cum[-1])]


def _is_thai_word(w: str) -> bool:
    return bool(w) and all("\u0e01" <= c <= "\u0e5b" for c in w)


@lru_cache(maxsize=None)
def thai_lexicon(max_len: int = 20) -> _Weighted:
    """Thai words, half by TNC corpus frequency (dampened), half uniform over the full word list,
    so text reads like documents while rare letters and marks still appear."""
    from pythainlp.corpus import thai_words, tnc

    freq: dict[str, float] = {}
    for word, count in tnc.word_freqs():
        word = normalize_text(word)
        if _is_thai_word(word) and len(word) <= max_len:
            freq[word] = freq.get(word, 0.0) + count
    words = sorted({normalize_text(w) for w in thai_words()} | set(freq))
    words = [w for w in words if _is_thai_word(w) and len(w) <= max_len]
    total_freq = sum(c ** 0.5 for c in freq.values())
    uniform = total_freq / len(words)  # the uniform half carries as much mass as the frequent half
    return _Weighted(words, [freq.get(w, 0.0) ** 0.5 + uniform for w in words])


@lru_cache(maxsize=None)
def latin_lexicon() -> _Weighted:
    """Latin-script words as they occur in Thai text (TNC): acronyms, brands, technical terms."""
    from pythainlp.corpus import tnc

    items, weights = [], []
    for word, count in sorted(tnc.word_freqs()):
        if word.isascii() and word.isalpha() and 2 <= len(word) <= 14 and count >= 3:
            items.append(word)
            weights.append(count ** 0.5)
    return _Weighted(items, weights)


@lru_cache(maxsize=None)
def thai_names() -> _Weighted:
    from pythainlp.corpus import provinces, thai_family_names, thai_female_names, thai_male_names

    names = set(thai_female_names()) | set(thai_male_names()) | set(thai_family_names()) | set(provinces())
    items = sorted(n for n in map(normalize_text, names) if _is_thai_word(n.replace(" ", "")) and len(n) <= 20)
    return _Weighted(items, [1.0] * len(items))


def _number(rnd: random.Random) -> str:
    digits = rnd.choice((1, 1, 2, 2, 3, 4, 5, 6, 7))
    n = rnd.randrange(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits)
    return f"{n:,}" if digits > 3 and rnd.random() < 0.6 else str(n)


def _date(rnd: random.Random) -> str:
    day, month = rnd.randint(1, 28), rnd.randint(1, 12)
    year_be = rnd.randint(2480, 2575)
    style = rnd.randrange(5)
    if style == 0:
        return f"{day} {THAI_MONTHS[month - 1]} {year_be}"
    if style == 1:
        return f"{day} {THAI_MONTHS_ABBR[month - 1]} {year_be % 100:02d}"
    if style == 2:
        return f"{day:02d}/{month:02d}/{year_be}"
    if style == 3:
        return f"{year_be - 543}-{month:02d}-{day:02d}"
    return f"วันที่ {day} {THAI_MONTHS[month - 1]} พ.ศ. {year_be}"


def _amount(rnd: random.Random) -> str:
    value = f"{rnd.randrange(1, 10_000_000):,}"
    if rnd.random() < 0.5:
        value += f".{rnd.randrange(100):02d}"
    style = rnd.randrange(4)
    if style == 0:
        return f"฿{value}"
    if style == 1:
        return f"{value} {rnd.choice(CURRENCY_WORDS)}"
    if style == 2:
        return f"{rnd.randrange(0, 100)}.{rnd.randrange(10)}%"
    return f"จำนวน {value} บาท"


def _numbering(rnd: random.Random) -> str:
    style = rnd.randrange(5)
    if style == 0:
        return ".".join(str(rnd.randint(1, 12)) for _ in range(rnd.randint(2, 4)))
    if style == 1:
        return f"({rnd.choice('กขคงจฉ')})"
    if style == 2:
        return f"ข้อ {rnd.randint(1, 40)}"
    if style == 3:
        return f"{rnd.randint(1, 30)})"
    return f"มาตรา {rnd.randint(1, 400)}"


@dataclass
class TextMix:
    """How line text is drawn: kind weights, words per line, punctuation and spacing."""

    weights: dict[str, float] = field(default_factory=lambda: {"thai_words": 1.0})
    words_per_line: tuple[int, int] = (1, 8)
    punctuation_prob: float = 0.1
    space_prob: float = 0.35  # chance of a space between two Thai words (Thai rarely spaces words)
    thai_digit_prob: float = 0.3  # share of numbers, dates and amounts written in Thai digits


class TextSampler:
    """Draws label text for one dataset; mode is char, word or line."""

    def __init__(self, mode: str, mix: TextMix, max_text_length: int, use_space_char: bool):
        self.mode, self.mix, self.max_len, self.use_space = mode, mix, max_text_length, use_space_char
        kinds = [k for k in KINDS if mix.weights.get(k, 0) > 0]
        self._kinds = _Weighted(kinds, [mix.weights[k] for k in kinds])
        self._thai = thai_lexicon(min(20, max_text_length))
        self._latin = latin_lexicon() if "latin_words" in kinds else None
        self._names = thai_names() if "names" in kinds else None
        if "sentences" in kinds:
            from thaiocr.text.corpus import statute_sentences

            self._sentences = statute_sentences()

    def _token(self, rnd: random.Random) -> tuple[str, str]:
        kind = self._kinds(rnd)
        if kind in ("bullets", "leaders"):
            return kind, ""
        if kind == "thai_words":
            return kind, self._thai(rnd)
        if kind == "latin_words":
            return kind, self._latin(rnd)
        if kind == "names":
            return kind, self._names(rnd)
        if kind == "sentences":
            return kind, self._sentences.span(rnd, self.max_len)
        text = {"arabic_digits": _number, "thai_digits": _number, "dates": _date,
                "amounts": _amount, "numbering": _numbering}[kind](rnd)
        if kind == "thai_digits" or (kind != "arabic_digits" and rnd.random() < self.mix.thai_digit_prob):
            text = text.translate(_TO_THAI_DIGITS)
        return kind, text

    def _punctuate(self, rnd: random.Random, text: str) -> str:
        if rnd.random() >= self.mix.punctuation_prob:
            return text
        if rnd.random() < 0.3:
            left, right = rnd.choice(WRAPS)
            return f"{left}{text}{right}"
        return text + rnd.choice(TRAILING)

    def _leader(self, rnd: random.Random) -> str:
        dots = rnd.choice(LEADER_CHARS) * rnd.randint(3, 25)
        page = str(rnd.randint(1, 250))
        if rnd.random() < self.mix.thai_digit_prob:
            page = page.translate(_TO_THAI_DIGITS)
        return dots + rnd.choice(("", " ")) + page

    def sample(self, rnd: random.Random) -> str:
        """One normalised label within max_text_length code points."""
        if self.mode == "char":
            return rnd.choice(SINGLE_CHARS)
        n_tokens = 1 if self.mode == "word" else rnd.randint(*self.mix.words_per_line)
        text, prev_kind = "", None
        for _attempt in range(n_tokens * 4):
            kind, token = self._token(rnd)
            if kind in ("bullets", "leaders"):
                if self.mode != "line":
                    continue
                if kind == "bullets" and not text:
                    marker = normalize_text(rnd.choice(BULLETS), keep_spaces=self.use_space)
                    if len(marker) < self.max_len - 1:
                        text = marker
                elif kind == "leaders" and text:
                    candidate = normalize_text(text + " " * (rnd.random() < 0.5) + self._leader(rnd),
                                               keep_spaces=self.use_space)
                    if len(candidate) <= self.max_len:
                        text = candidate
                        break
                continue
            if self.mode == "line":
                token = self._punctuate(rnd, token)
            if not self.use_space:
                token = token.replace(" ", "")
            sep = ""
            if text:
                both_thai = kind in THAI_RUNS and prev_kind in THAI_RUNS
                if self.use_space and (not both_thai or rnd.random() < self.mix.space_prob):
                    sep = " "
            candidate = normalize_text(text + sep + token, keep_spaces=self.use_space)
            if len(candidate) > self.max_len:
                if text:
                    break  # the line is full
                continue  # a first token that alone is too long: draw another
            text, prev_kind = candidate, kind
            n_tokens -= 1
            if n_tokens == 0:
                break
        return text or self._thai(rnd)[: self.max_len]
