import json

import pytest

from thaiocr.cli import main


def test_eval_writes_the_report_and_prints_a_summary(tiny_model, sample_dataset, tmp_path, capsys):
    out = tmp_path / "rep"
    rc = main(["eval", "--model", str(tiny_model), "--data", str(sample_dataset), "--out", str(out), "--limit", "3"])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "model: CER" in printed and str(out / "report.md") in printed
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["dataset"]["lines"] == 3


def test_predict_prints_text_and_confidence_as_json(tiny_model, sample_dataset, capsys):
    images = [str(p) for p in sorted((sample_dataset / "rec" / "images").iterdir())[:2]]
    assert main(["predict", "--model", str(tiny_model), "--json", *images]) == 0
    got = json.loads(capsys.readouterr().out)  # stdout holds nothing but the JSON
    assert [g["image"] for g in got] == images
    assert all(set(g) == {"image", "text", "confidence"} for g in got)


def test_predict_plain_output_is_one_line_per_image(tiny_model, sample_dataset, capsys):
    image = str(next((sample_dataset / "rec" / "images").iterdir()))
    assert main(["predict", "--model", str(tiny_model), image]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(image + "\t")


@pytest.mark.parametrize("argv, message", [
    (["predict", "--model", "{model}", "/nonexistent.png"], "image not found"),
    (["predict", "--model", "{model}", "{textfile}"], "not an image"),
    (["predict", "--model", "/nonexistent-model", "{image}"], "model not found"),
    (["eval", "--model", "{model}", "--data", "/nonexistent-data"], "dataset not found"),
])
def test_user_mistakes_are_one_line_exit_2(argv, message, tiny_model, sample_dataset, tmp_path, capsys):
    textfile = tmp_path / "notes.txt"
    textfile.write_text("hello")
    image = next((sample_dataset / "rec" / "images").iterdir())
    argv = [a.format(model=tiny_model, textfile=textfile, image=image) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_make_eval_path_fetches_the_latest_job_once(tiny_model, sample_dataset, tmp_path, monkeypatch, capsys):
    """`make eval` passes --job latest: the job's model is fetched, reused, and its dataset found by name."""
    import shutil

    from thaiocr.jobs import describe, fetch

    monkeypatch.setenv("THAIOCR_LOCAL_DIR", str(tmp_path / "local"))
    shutil.copytree(sample_dataset, tmp_path / "local" / "datasets" / "eval_sample")
    calls = []

    def fake_fetch(env, job, out_dir=None, **kw):
        calls.append(job)
        dest = fetch.default_dir(env, job)
        shutil.copytree(tiny_model, dest)
        shutil.copyfile(sample_dataset / "manifest.json", dest / "manifest.json")
        return dest

    monkeypatch.setattr(fetch, "fetch", fake_fetch)
    monkeypatch.setattr(describe, "latest_job", lambda env: "thaiocr-rec-20260101-000000-abcd")
    for _ in range(2):
        assert main(["eval", "--env", "local", "--job", "latest", "--limit", "2"]) == 0
    assert calls == ["thaiocr-rec-20260101-000000-abcd"]
    report = tmp_path / "local" / "eval" / "thaiocr-rec-20260101-000000-abcd-test" / "report.md"
    assert report.is_file() and str(report) in capsys.readouterr().out
