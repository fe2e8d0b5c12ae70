"""Real Thai sentences for synthesis: spans of whole words from the committed statute corpus."""
import random

from thaiocr.text.corpus import CORPUS, SEP, Sentences, _texts, statute_sentences
from thaiocr.text.sources import TextMix, TextSampler

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


def test_corpus_is_committed_and_word_split():
    lines = (REPO / CORPUS).read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1000
    assert all(SEP in line for line in lines[:200])  # words, not raw paragraphs


def test_spans_are_whole_words_within_the_limit():
    s = Sentences([["ผู้ใด", "ต่อสู้", " ", "หรือ", "ขัดขวาง", "เจ้าพนักงาน"]])
    rnd = random.Random(0)
    for _ in range(200):
        text = s.span(rnd, 12)
        assert 0 < len(text) <= 12 and text == text.strip()
        assert text.replace(" ", "") in "ผู้ใดต่อสู้หรือขัดขวางเจ้าพนักงาน"
        assert not ("\u0e31" <= text[0] <= "\u0e3a" or "\u0e47" <= text[0] <= "\u0e4e")  # never a lone mark


def test_spans_come_from_the_real_corpus_and_are_deterministic():
    corpus = statute_sentences()
    a = [corpus.span(random.Random(7), 60) for _ in range(3)]
    assert a == [corpus.span(random.Random(7), 60) for _ in range(3)]
    text = (REPO / CORPUS).read_text(encoding="utf-8").replace(SEP, "")
    assert all(x in text for x in a)


def test_sampler_mixes_sentences_into_lines():
    sampler = TextSampler("line", TextMix(weights={"sentences": 1.0}, words_per_line=(1, 1), punctuation_prob=0.0), 80, True)
    rnd = random.Random(1)
    text = (REPO / CORPUS).read_text(encoding="utf-8").replace(SEP, "")
    lines = [sampler.sample(rnd) for _ in range(50)]
    assert all(0 < len(line) <= 80 for line in lines)
    assert all(line in text for line in lines)


def test_act_json_walk_keeps_headings_paragraphs_and_subsections():
    act = {"some_act": [{"id": "มาตรา 1", "title": "ชื่อ", "content": {"paragraphs": [
        {"id": 1, "content": "วรรคหนึ่ง", "subsections": [{"id": "1", "content": "อนุหนึ่ง", "subsections": None}]}]}}]}
    assert _texts(act) == ["มาตรา 1", "ชื่อ", "วรรคหนึ่ง", "(1) อนุหนึ่ง"]
