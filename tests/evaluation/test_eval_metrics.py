from thaiocr.evaluation import metrics


def test_identical_lines_score_zero_after_normalisation():
    # sara am typed as nikhahit + sara aa, tone after vowel order, zero-width space, double spaces
    s = metrics.score_line("น้ำ  ใจ", "น\u0e49\u0e4d\u0e32\u200b ใจ")
    assert (s.char_errors, s.word_errors, s.correct) == (0, 0, True)


def test_cer_counts_edits_over_reference_length():
    s = metrics.score_line("กขคง", "กขค")
    assert s.char_errors == 1 and s.chars == 4 and s.cer == 0.25


def test_cer_nospace_ignores_word_spacing():
    s = metrics.score_line("สวัสดีครับ", "สวัสดี ครับ")
    assert s.char_errors == 1 and s.char_errors_nospace == 0


def test_wer_uses_thai_word_segmentation():
    assert metrics.words("สวัสดีครับ") == ["สวัสดี", "ครับ"]
    s = metrics.score_line("สวัสดีครับ", "สวัสดีคับ")
    assert (s.word_errors, s.words) == (1, 2)


def test_aggregate_is_corpus_level():
    agg = metrics.Aggregate()
    agg.add(metrics.score_line("ก" * 9, "ก" * 9))
    agg.add(metrics.score_line("ข", "ค"))
    d = agg.as_dict()
    assert d["cer"] == 0.1 and d["line_accuracy"] == 0.5 and d["lines"] == 2


def test_confusions_name_substitutions_insertions_and_deletions():
    top = metrics.confusions([("กา", "ขา"), ("กา", "ขา"), ("ก", "กา"), ("กข", "ก")])
    assert top[0] == {"ref": "ก", "hyp": "ข", "count": 2}
    assert {"ref": "", "hyp": "า", "count": 1} in top and {"ref": "ข", "hyp": "", "count": 1} in top


def test_length_buckets_and_breakdown_order():
    assert metrics.length_bucket(1) == "1-10" and metrics.length_bucket(40) == "31-40"
    assert metrics.length_bucket(500) == "80+" and metrics.length_bucket(70) == "61-79"
    b = metrics.Breakdown()
    for key in ("11-20", "1-10", "61+"):
        b.add(key, metrics.score_line("ก", "ก"))
    assert list(b.as_dict()) == ["1-10", "11-20", "61+"]
