"""Config rendering: every template renders, and the job's facts override the template everywhere."""
from pathlib import Path

import pytest

from thaiocr.errors import UserError
from thaiocr.train import render
from thaiocr.train.dataset import find_dataset
from thaiocr.train.hyperparams import parse_hyperparameters

CONFIGS = ["th_ppocrv5_mobile", "th_svtr_lcnet", "th_single_char", "seed_crnn", "th_cpu_tiny"]


def _job(ds, tmp_path, **kw):
    args = dict(train=ds, val=ds, val_split="val", checkpoints_dir=tmp_path / "ckpt",
                inference_dir=tmp_path / "model/inference", output_data_dir=tmp_path / "out",
                use_gpu=False, num_devices=1, max_text_length=33)
    args.update(kw)
    return render.Job(**args)


def _values(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            else:
                yield from _values(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v, key)


def test_the_issue_configs_exist():
    assert set(CONFIGS) <= set(render.available_configs())


@pytest.mark.parametrize("name", CONFIGS)
def test_every_config_renders(name, tiny_dataset, tmp_path):
    ds = find_dataset(tiny_dataset, "training")
    cfg = render.render(render.load_template(name), parse_hyperparameters({}), _job(ds, tmp_path))
    g = cfg["Global"]
    assert g["character_dict_path"] == str(ds.dict_path)
    assert g["save_model_dir"] == str(tmp_path / "ckpt")
    assert g["use_gpu"] is False and g["use_amp"] is False
    assert set(_values(cfg, "max_text_length")) == {33}
    assert cfg["Train"]["dataset"]["data_dir"] == str(tiny_dataset / "rec")
    assert cfg["Train"]["dataset"]["label_file_list"] == [str(tiny_dataset / "rec/rec_gt_train.txt")]
    assert cfg["Eval"]["dataset"]["label_file_list"] == [str(tiny_dataset / "rec/rec_gt_val.txt")]
    assert cfg["PostProcess"]["name"] == "CTCLabelDecode"  # the only decoder the paddleocr package loads


def test_v5_fine_tune_shape_and_heads(tiny_dataset, tmp_path):
    ds = find_dataset(tiny_dataset, "training")
    t = render.load_template("th_ppocrv5_mobile")
    assert t["Architecture"]["Backbone"]["name"] == "PPLCNetV3"
    assert t["Global"]["d2s_train_image_shape"][1] == 48
    cfg = render.render(t, parse_hyperparameters({}), _job(ds, tmp_path, pretrained=Path("/p/th.pdparams")))
    nrtr = cfg["Architecture"]["Head"]["head_list"][1]["NRTRHead"]
    assert nrtr["max_text_length"] == 33
    assert cfg["Global"]["pretrained_model"] == "/p/th.pdparams"


def test_overrides(tiny_dataset, tmp_path):
    ds = find_dataset(tiny_dataset, "training")
    params = parse_hyperparameters({"epochs": "7", "learning_rate": "0.01", "batch_size": "12", "seed": "5",
                                    "eval_every": "30", "image_shape": "3,48,480", "amp": "true",
                                    "num_workers": "3", "warmup_epochs": "1"})
    cfg = render.render(render.load_template("th_ppocrv5_mobile"), params,
                        _job(ds, tmp_path, use_gpu=True, num_devices=4, resume_from=tmp_path / "ckpt/latest",
                             pretrained=Path("/p/x.pdparams")))
    g = cfg["Global"]
    assert (g["epoch_num"], g["seed"], g["eval_batch_step"], g["use_gpu"], g["use_amp"]) == (7, 5, [0, 30], True, True)
    assert g["distributed"] is True and g["amp_level"] == "O1"
    assert g["checkpoints"] == str(tmp_path / "ckpt/latest") and g["pretrained_model"] is None  # resume wins
    assert cfg["Optimizer"]["lr"]["learning_rate"] == 0.01 and cfg["Optimizer"]["lr"]["warmup_epoch"] == 1
    assert cfg["Train"]["loader"]["batch_size_per_card"] == 12 and cfg["Train"]["sampler"]["first_bs"] == 12
    assert cfg["Train"]["loader"]["num_workers"] == 3
    assert cfg["Train"]["sampler"]["scales"] == [[480, 48]]
    assert cfg["Train"]["dataset"]["transforms"][1]["RecConAug"]["image_shape"] == [48, 480, 3]
    assert cfg["Eval"]["dataset"]["transforms"][2]["RecResizeImg"]["image_shape"] == [3, 48, 480]


def test_no_validation_disables_eval(tiny_dataset, tmp_path):
    ds = find_dataset(tiny_dataset, "training")
    cfg = render.render(render.load_template("th_cpu_tiny"), parse_hyperparameters({}), _job(ds, tmp_path, val=None))
    assert cfg["Eval"] is None and cfg["Global"]["eval_batch_step"] == render.NEVER


def test_amp_without_gpu_is_refused(tiny_dataset, tmp_path):
    ds = find_dataset(tiny_dataset, "training")
    with pytest.raises(UserError, match="amp=true needs a GPU"):
        render.render(render.load_template("th_cpu_tiny"), parse_hyperparameters({"amp": "true"}), _job(ds, tmp_path))


def test_unknown_config(tmp_path):
    with pytest.raises(UserError, match="unknown training config 'nope'.*th_cpu_tiny"):
        render.load_template("nope")


def test_train_fraction_and_the_cpu_parallel_eval_cap(tiny_dataset, tmp_path, monkeypatch):
    ds = find_dataset(tiny_dataset, "training")
    params = parse_hyperparameters({"train_fraction": "0.85", "cpu_trainers": "2"})
    monkeypatch.setattr(render, "CPU_PARALLEL_EVAL_LINES", 2)  # the tiny set has more validation lines than 2
    cfg = render.render(render.load_template("th_lines_cpu"), params, _job(ds, tmp_path, num_devices=2))
    assert cfg["Train"]["dataset"]["ratio_list"] == [0.85]
    assert cfg["Global"]["distributed"] is True
    assert cfg["Eval"]["dataset"]["ratio_list"] == [round(2 / ds.count("val"), 6)]
    one = render.render(render.load_template("th_lines_cpu"), parse_hyperparameters({}), _job(ds, tmp_path))
    gpus = render.render(render.load_template("th_lines_cpu"), params, _job(ds, tmp_path, num_devices=2, use_gpu=True))
    assert "ratio_list" not in one["Train"]["dataset"] and "ratio_list" not in one["Eval"]["dataset"]
    assert "ratio_list" not in gpus["Eval"]["dataset"]  # NCCL waits as long as evaluation takes


def test_train_fraction_out_of_range_is_refused():
    with pytest.raises(UserError, match=r"train_fraction='1.5': must be in \(0, 1\]"):
        parse_hyperparameters({"train_fraction": "1.5"})
