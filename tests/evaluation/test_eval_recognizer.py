import numpy as np
import pytest

from thaiocr.errors import UserError
from thaiocr.evaluation.recognizer import MAX_PAD, CTCDecoder, Recognizer, read_model_info, resize_norm, width_batches


def _lines(widths, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 255, (48, w, 3), dtype=np.uint8) for w in widths]


def test_ctc_decoder_merges_repeats_drops_blanks_and_appends_space():
    dec = CTCDecoder(["ก", "ข"], num_classes=4)  # blank, ก, ข, space
    steps = [1, 1, 0, 1, 3, 2, 2]
    probs = np.full((1, len(steps), 4), 0.1, dtype=np.float32)
    for t, k in enumerate(steps):
        probs[0, t, k] = 0.7
    (pred,) = dec(probs)
    assert pred.text == "กก ข" and pred.confidence == pytest.approx(0.7)


def test_ctc_decoder_rejects_a_dictionary_that_does_not_fit_the_model():
    with pytest.raises(UserError, match="dictionary"):
        CTCDecoder(["ก", "ข"], num_classes=9)


def test_resize_keeps_ratio_normalises_and_pads():
    img = np.full((24, 60, 3), 255, dtype=np.uint8)
    out, w = resize_norm(img, 48, 200)
    assert out.shape == (3, 48, 200) and w == 120
    assert out[:, :, :w].min() == pytest.approx(1.0) and out[:, :, w:].max() == 0.0


def test_model_info_comes_from_inference_yml(tiny_model):
    info = read_model_info(tiny_model)
    assert info.image_shape == (3, 48, 320) and info.model_name == "PP-OCRv5_mobile_rec"
    assert len(info.dictionary) == len((tiny_model / "th_dict.txt").read_text(encoding="utf-8").splitlines())


def test_batches_keep_the_callers_order(tiny_model):
    rec = Recognizer(tiny_model, batch_size=3)
    images = _lines([40, 300, 120, 700, 90])
    forward = rec.predict(images)
    backward = rec.predict(images[::-1])
    assert [p.text for p in forward] == [p.text for p in backward[::-1]]
    assert all(0.0 <= p.confidence <= 1.0 for p in forward)


def test_a_short_line_is_never_batched_with_a_long_one():
    """A heading padded to a 100-character line's width read as garbage (eval chunks come in file order)."""
    widths = [1200, 96, 128, 1280, 100, 900, 110, 3000]
    batches = width_batches(widths, batch_size=8)
    assert sorted(i for b in batches for i in b) == list(range(len(widths)))
    for b in batches:
        assert len(b) <= 8 and max(widths[i] for i in b) <= MAX_PAD * min(widths[i] for i in b)
    assert [1, 4, 6] in batches and [0, 3] in batches
    assert width_batches([320] * 10, batch_size=4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_a_line_reads_the_same_alone_and_beside_a_long_line(tiny_model):
    short, long_ = _lines([60, 900], seed=3)
    assert Recognizer(tiny_model, batch_size=8).predict([short, long_])[0].text == \
        Recognizer(tiny_model, batch_size=8).predict([short])[0].text


def test_batch_size_does_not_change_results_for_equal_widths(tiny_model):
    images = _lines([320] * 4, seed=1)
    one = Recognizer(tiny_model, batch_size=1).predict(images)
    four = Recognizer(tiny_model, batch_size=4, workers=2).predict(images)
    assert [p.text for p in one] == [p.text for p in four]
    assert [round(p.confidence, 4) for p in one] == [round(p.confidence, 4) for p in four]


def test_grey_and_alpha_images_are_accepted(tiny_model):
    rec = Recognizer(tiny_model)
    grey = np.zeros((30, 90), dtype=np.uint8)
    rgba = np.zeros((30, 90, 4), dtype=np.uint8)
    assert len(rec.predict([grey, rgba])) == 2 and rec.predict([]) == []


def test_wrong_dictionary_is_a_one_line_error(tiny_model, tmp_path):
    import shutil

    import yaml

    bad = tmp_path / "bad"
    shutil.copytree(tiny_model, bad)
    cfg_path = bad / "inference" / "inference.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["PostProcess"]["character_dict"] = cfg["PostProcess"]["character_dict"][:5]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError, match="classes"):
        Recognizer(bad)


def test_corrupt_weights_are_a_one_line_error(tiny_model, tmp_path):
    import shutil

    bad = tmp_path / "corrupt"
    shutil.copytree(tiny_model, bad)
    (bad / "inference" / "inference.pdiparams").write_bytes(b"not weights")
    with pytest.raises(UserError, match="cannot load"):
        Recognizer(bad)


def test_the_paddleocr_package_reads_the_same_model_the_same_way(tiny_model):
    """A model trained here must work in any PaddleOCR pipeline: same text, same confidence."""
    pytest.importorskip("paddleocr", reason="the paddleocr package is optional (pip install -e '.[paddleocr]')")
    images = _lines([200, 90], seed=3)
    ours = Recognizer(tiny_model).predict(images)
    theirs = Recognizer(tiny_model, backend="paddleocr").predict(images)
    assert [p.text for p in ours] == [p.text for p in theirs]
    assert [round(p.confidence, 4) for p in ours] == [round(p.confidence, 4) for p in theirs]


def test_the_legacy_pdmodel_format_loads_too(tmp_path):
    """Paddle 2.x exports (and Paddle 3 with PIR off) write inference.pdmodel instead of inference.json."""
    import os
    import subprocess
    import sys

    code = "import sys; from thaiocr.evaluation.tiny_model import build_tiny_model; build_tiny_model(sys.argv[1])"
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "legacy")], check=True, capture_output=True,
                   env={**os.environ, "FLAGS_enable_pir_api": "0"})
    assert (tmp_path / "legacy" / "inference" / "inference.pdmodel").is_file()
    assert len(Recognizer(tmp_path / "legacy").predict(_lines([100]))) == 1


def test_a_missing_paddleocr_package_is_a_one_line_error(tiny_model):
    try:
        import paddleocr  # noqa: F401
        pytest.skip("the paddleocr package is installed here")
    except ImportError:
        pass
    with pytest.raises(UserError, match=r"pip install -e '.\[paddleocr\]'"):
        Recognizer(tiny_model, backend="paddleocr")
