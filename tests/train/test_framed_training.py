"""The real-document recipe's data path: aspect-ratio batches need sized label files, and training data
not yet in the canonical framing is re-framed once at job start."""
import json

import cv2
import numpy as np

from thaiocr.imaging.framing import VERSION, find_ink
from thaiocr.train import reframe, render
from thaiocr.train.dataset import find_dataset
from thaiocr.train.hyperparams import parse_hyperparameters


def _job(ds, tmp_path):
    return render.Job(train=ds, val=ds, val_split="val", checkpoints_dir=tmp_path / "ckpt",
                      inference_dir=tmp_path / "model/inference", output_data_dir=tmp_path / "out",
                      use_gpu=False, num_devices=1, max_text_length=100)


def test_v2_configs_batch_by_aspect_ratio_on_sized_labels(tiny_dataset, tmp_path):
    ds = find_dataset(tiny_dataset, "training")
    for name in ("th_lines_cpu_v2", "th_lines_gpu"):
        template = render.load_template(name)
        assert reframe.wanted_framing(template) == VERSION
        cfg = render.render(template, parse_hyperparameters({}), _job(ds, tmp_path / name))
        (sized,) = cfg["Train"]["dataset"]["label_file_list"]
        lines = open(sized, encoding="utf-8").read().splitlines()
        assert len(lines) == ds.count("train")
        name_, text, w, h = lines[0].split("\t")
        im = cv2.imread(str(tiny_dataset / "rec" / name_))
        assert (int(w), int(h)) == (im.shape[1], im.shape[0])
        # PaddleOCR's eval loader takes no sampler: a fixed-width section on the plain labels
        assert cfg["Eval"]["dataset"]["label_file_list"] == [str(tiny_dataset / "rec/rec_gt_val.txt")]


def test_unframed_datasets_are_reframed_once(tiny_dataset, tmp_path):
    ds = find_dataset(tiny_dataset, "training")
    assert reframe.dataset_framing(ds) is None  # the tiny synthetic set predates framing
    said = []
    framed = reframe.ensure_framed(ds, VERSION, 32, tmp_path, said.append)
    assert framed.root != ds.root and reframe.dataset_framing(framed) == VERSION
    assert said and json.loads((framed.root / "manifest.json").read_text())["reframed_from"] == "unframed"
    first = framed.label_file("train").read_text(encoding="utf-8").splitlines()[0].split("\t")[0]
    img = cv2.imread(str(framed.rec_dir / first), cv2.IMREAD_GRAYSCALE)
    box = find_ink(img)
    assert img.shape[0] == 32 and abs((box.bottom - box.top) - 24) <= 2
    assert reframe.ensure_framed(ds, VERSION, 32, tmp_path, said.append).root == framed.root  # reused
    assert len(said) == 1
    assert reframe.ensure_framed(ds, None, 32, tmp_path) is ds  # configs that do not ask: untouched
    assert np.all(cv2.imread(str(ds.rec_dir / first)) is not None)
