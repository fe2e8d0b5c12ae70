"""Real Thai sentences for synthesis: runs of consecutive words from Thai statutes, not word salad.

pythainlp ships word lists but no running text offline, so the project carries one corpus:
`datasets/text/th_statutes.txt`, Thai codes and acts (public domain: Thai Copyright Act B.E. 2537 s. 7;
taken from WaiRung/thai-law-data, MIT; see datasets/text/SOURCES.md). Each line is one paragraph, its
words (pythainlp newmm) separated by "|", so a span never starts or ends inside a word or a cluster.
The acts that the real-document evaluation set's law lecture notes quote are left out (EXCLUDED_ACTS),
so no evaluation line is in the training text.
"""
from __future__ import annotations

import json
import random
import subprocess
from functools import lru_cache
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.text.normalize import normalize_text

SEP = "|"
CORPUS = Path("datasets/text/th_statutes.txt")
SOURCE_REPO = "WaiRung/thai-law-data"
SOURCE_COMMIT = "5512a7b8d8316ac88832924d8f2f2a16db3e9866"
# budget, treasury, public debt, state enterprises and the constitution: the law-* documents of
# datasets/real/sources.yaml teach these acts and quote them
EXCLUDED_ACTS = ("budgetetary_procudures_act", "treasury_reserves_act", "public_debt_management_act",
                 "constitution_code", "state_enterprise", "standart_qualifications_of_state_enterprise")
MIN_WORDS = 2


def _texts(node) -> list[str]:
    """Every string of a section: title, id (มาตรา N), paragraphs and nested subsections, in order."""
    out: list[str] = []
    if isinstance(node, dict) and not {"id", "title", "content", "paragraphs", "subsections"} & set(node):
        for value in node.values():  # the act's top level: {"<act>": [sections]}
            out.extend(_texts(value))
    elif isinstance(node, dict):
        ident, content = node.get("id"), node.get("content")
        if isinstance(ident, str) and ident.isdigit() and isinstance(content, str):
            out.append(f"({ident}) {content}")  # a numbered subsection, printed as statutes print it
        else:
            for key in ("id", "title", "content"):
                value = node.get(key)
                if isinstance(value, str):
                    out.append(value)
                elif isinstance(value, (dict, list)):
                    out.extend(_texts(value))
        for key in ("paragraphs", "subsections"):
            if node.get(key):
                out.extend(_texts(node[key]))
    elif isinstance(node, list):
        for item in node:
            out.extend(_texts(item))
    return out


def build_statutes(mirror_git: Path, out: Path, commit: str = SOURCE_COMMIT) -> int:
    """Write the corpus from a bare mirror of SOURCE_REPO; returns the number of paragraphs."""
    from pythainlp.tokenize import word_tokenize

    def git(*args: str) -> str:
        return subprocess.run(["git", "--git-dir", str(mirror_git), *args], capture_output=True, text=True,
                              check=True).stdout

    files = [f for f in git("ls-tree", "--name-only", commit, "api/").split()
             if f.endswith(".json") and not any(x in f for x in EXCLUDED_ACTS)]
    paragraphs: list[str] = []
    seen: set[str] = set()
    for f in sorted(files):
        for text in _texts(json.loads(git("show", f"{commit}:{f}"))):
            text = normalize_text(text.replace(SEP, " "))
            if text in seen or not any("\u0e01" <= c <= "\u0e5b" for c in text):
                continue
            seen.add(text)
            words = [w for w in word_tokenize(text, engine="newmm", keep_whitespace=True) if w]
            if len(words) >= MIN_WORDS:
                paragraphs.append(SEP.join(words))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return len(paragraphs)


class Sentences:
    """Spans of consecutive words, paragraphs drawn by length so every word is equally likely to start one."""

    def __init__(self, paragraphs: list[list[str]]):
        if not paragraphs:
            raise UserError("the sentence corpus is empty")
        from thaiocr.text.sources import _Weighted

        self._paragraph = _Weighted(paragraphs, [len(p) for p in paragraphs])

    def span(self, rnd: random.Random, max_len: int) -> str:
        """A run of whole words, from 4 code points up to `max_len`, never starting with a space."""
        words = self._paragraph(rnd)
        start = rnd.randrange(len(words))
        while start < len(words) and words[start].isspace():
            start += 1
        target = rnd.randint(min(4, max_len), max_len)
        text = ""
        for w in words[start:]:
            if len(text) + len(w) > target:
                break
            text += w
        if not text.strip() and start < len(words):
            text = words[start][:max_len]
        return text.strip()


@lru_cache(maxsize=None)
def statute_sentences(path: str | None = None) -> Sentences:
    from thaiocr.paths import repo_root

    file = Path(path) if path else repo_root() / CORPUS
    if not file.is_file():
        raise UserError(f"the sentence corpus {file} is missing (it is part of the repository)")
    lines = file.read_text(encoding="utf-8").splitlines()
    return Sentences([line.split(SEP) for line in lines if line])


def main(argv: list[str] | None = None) -> int:
    """`python -m thaiocr.text.corpus MIRROR_GIT [OUT]`: rebuild datasets/text/th_statutes.txt."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(main.__doc__)
        return 0 if args else 2
    from thaiocr.paths import repo_root

    out = Path(args[1]) if len(args) > 1 else repo_root() / CORPUS
    n = build_statutes(Path(args[0]), out)
    print(f"wrote {out}: {n} paragraphs from {SOURCE_REPO}@{SOURCE_COMMIT[:8]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
