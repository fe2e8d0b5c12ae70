"""train.replay: the base dataset's share mixed into the new data, as the entrypoint trains on it."""
import json

from tests.registry.conftest import write_dataset
from thaiocr.train.dataset import find_dataset, read_dict
from thaiocr.train.replay import mix_in


def test_mix_adds_the_share_keeps_new_val_and_test_and_the_base_dictionary_order(tmp_path):
    new = find_dataset(write_dataset(tmp_path / "new", "new_docs", ["ใบแจ้งหนี้", "เลขที่ 12", "วันที่", "รวม"]), "training")
    base_root = write_dataset(tmp_path / "base", "th_lines_dev", ["สวัสดี", "ครับ", "ภาษาไทย", "น้ำ", "ปี่", "กขค", "abc",
                                                                  "ไก่", "ไข่", "เป็ด", "นก"])
    mixed = mix_in(new, base_root, 0.5, seed=7, work=tmp_path / "mix")
    train = mixed.label_file("train").read_text(encoding="utf-8").splitlines()
    base_train = (base_root / "rec/rec_gt_train.txt").read_text(encoding="utf-8").splitlines()
    replayed = [ln for ln in train if ln.startswith("replay/")]
    assert len(replayed) == round(0.5 * len(base_train)) and len(train) == new.count("train") + len(replayed)
    for line in train:  # every image resolves through the mix's links
        assert (mixed.rec_dir / line.split("\t")[0]).is_file()
    assert mixed.label_file("test").read_text() == new.label_file("test").read_text()
    chars = read_dict(mixed.dict_path)
    assert chars[:len(read_dict(base_root / "th_dict.txt"))] == read_dict(base_root / "th_dict.txt")
    assert set(read_dict(new.dict_path)) <= set(chars)
    manifest = json.loads((tmp_path / "mix/manifest.json").read_text())
    assert manifest["replay"]["lines"] == len(replayed) and manifest["name"] == "new_docs"
    assert mix_in(new, base_root, 0.5, seed=7, work=tmp_path / "mix2").label_file("train").read_text() == \
        mixed.label_file("train").read_text()  # the seed decides: a resumed job sees the same mix


def test_nothing_to_replay_is_the_new_data_itself(tmp_path):
    new = find_dataset(write_dataset(tmp_path / "new", "new_docs", ["ก", "ข", "ค"]), "training")
    assert mix_in(new, None, 0.3, seed=1, work=tmp_path / "mix") is new
    assert mix_in(new, tmp_path, 0.0, seed=1, work=tmp_path / "mix") is new


def test_replay_fraction_is_a_known_hyperparameter():
    import pytest

    from thaiocr.errors import UserError
    from thaiocr.train.hyperparams import parse_hyperparameters

    assert parse_hyperparameters({"replay_fraction": "0.25"}).replay_fraction == 0.25
    with pytest.raises(UserError, match="replay_fraction"):
        parse_hyperparameters({"replay_fraction": "1.5"})
