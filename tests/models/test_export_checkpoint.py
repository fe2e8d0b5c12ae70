"""`thaiocr model export`: ship an epoch other than the one the run picked; user mistakes are one line."""
import pytest

from thaiocr.cli import main


def _run_root(tmp_path):
    root = tmp_path / "opt_ml"
    (root / "output" / "data").mkdir(parents=True)
    (root / "output" / "data" / "train_config.yml").write_text("Global: {}\n")
    (root / "checkpoints").mkdir()
    for name in ("latest", "iter_epoch_2"):
        (root / "checkpoints" / f"{name}.pdparams").write_bytes(b"")
    return root


def test_not_a_run_root_is_one_line(tmp_path, capsys):
    assert main(["model", "export", "--run", str(tmp_path), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "not a training run" in err


def test_unknown_checkpoint_lists_the_ones_there(tmp_path, capsys):
    root = _run_root(tmp_path)
    assert main(["model", "export", "--run", str(root), "--checkpoint", "iter_epoch_9",
                 "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "iter_epoch_2, latest" in err
    assert not (tmp_path / "m").exists()  # nothing written for a mistake


def test_export_writes_what_the_run_would(tmp_path, monkeypatch):
    """export_weights is the run's own finish step, so the dir has the same files as a job's model dir."""
    import thaiocr.train.entrypoint as ep

    root = _run_root(tmp_path)
    ds = root / "input" / "data" / "training"
    (ds / "rec").mkdir(parents=True)
    (ds / "manifest.json").write_text("{}")
    (ds / "th_dict.txt").write_text("ก\n", encoding="utf-8")
    seen = {}

    def fake_export(weights, cfg, model_dir, work_dir, dict_path, manifest, stopper):
        seen.update(weights=weights.name, dict=dict_path.name, manifest=manifest.name)
        (model_dir / "inference").mkdir()
        return True

    monkeypatch.setattr(ep, "export_weights", fake_export)
    import thaiocr.train.dataset as dataset

    monkeypatch.setattr(dataset, "find_dataset", lambda d, c: type("D", (), {
        "dict_path": ds / "th_dict.txt", "root": ds})())
    out = tmp_path / "m"
    assert main(["model", "export", "--run", str(root), "--checkpoint", "iter_epoch_2", "--out", str(out)]) == 0
    assert seen == {"weights": "iter_epoch_2", "dict": "th_dict.txt", "manifest": "manifest.json"}
    assert (out / "metrics.json").is_file() and not (out / ".export").exists()


@pytest.mark.parametrize("argv", [["model", "export", "--help"]])
def test_help_says_what_run_is(argv, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert "opt_ml" in capsys.readouterr().out
