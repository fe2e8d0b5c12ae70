"""`thaiocr paddleocr fetch` and `thaiocr image build`, without network or Docker."""
import io
import json
import tarfile

import pytest

from thaiocr.cli import main as cli_main
from thaiocr.errors import UserError
from thaiocr.image import build, paddleocr_fetch, pins

COMMIT = "a" * 40


def _tarball(path, commit=COMMIT, markers=pins.PADDLEOCR_MARKERS):
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT, pax_headers={"comment": commit}) as tar:
        for name in (*markers, "ppocr/__init__.py", "docs/big.md", "../evil.py"):
            data = f"# {name}\n".encode()
            info = tarfile.TarInfo(f"PaddleOCR-3.2.0/{name}" if not name.startswith("..") else name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_fetch_extracts_only_the_needed_parts(tmp_path, monkeypatch):
    home = tmp_path / "PaddleOCR"
    monkeypatch.setenv("PADDLEOCR_HOME", str(home))
    monkeypatch.setattr(pins, "PADDLEOCR_COMMIT", COMMIT)
    url = _tarball(tmp_path / "src.tar.gz").as_uri()
    msg = paddleocr_fetch.fetch(url=url)
    assert "fetched" in msg and COMMIT[:12] in msg
    assert (home / "tools/train.py").is_file() and not (home / "docs").exists()
    assert json.loads((home / pins.STAMP_FILE).read_text())["commit"] == COMMIT
    assert "already at" in paddleocr_fetch.fetch(url="file:///nonexistent")  # no-op: the stamp matches


def test_fetch_refuses_a_moved_tag(tmp_path, monkeypatch):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "PaddleOCR"))
    monkeypatch.setattr(pins, "PADDLEOCR_COMMIT", "b" * 40)
    with pytest.raises(UserError, match="the tag moved"):
        paddleocr_fetch.fetch(url=_tarball(tmp_path / "src.tar.gz").as_uri())
    assert not (tmp_path / "PaddleOCR").exists()


def test_fetch_refuses_a_release_without_the_thai_config(tmp_path, monkeypatch):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "PaddleOCR"))
    url = _tarball(tmp_path / "src.tar.gz", markers=pins.PADDLEOCR_MARKERS[:2]).as_uri()
    with pytest.raises(UserError, match="th_PP-OCRv5_mobile_rec.yaml"):
        paddleocr_fetch.fetch(url=url)


def test_fetch_offline_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "PaddleOCR"))
    monkeypatch.setattr(pins, "PADDLEOCR_TARBALL", "http://127.0.0.1:9/PaddleOCR.tar.gz")
    assert cli_main(["paddleocr", "fetch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot download PaddleOCR" in err


def test_fetch_leaves_an_unknown_tree_alone(tmp_path, monkeypatch):
    home = tmp_path / "PaddleOCR"
    (home / "tools").mkdir(parents=True)
    (home / "tools/train.py").write_text("")
    monkeypatch.setenv("PADDLEOCR_HOME", str(home))
    assert "left as it is" in paddleocr_fetch.fetch(url="file:///nonexistent")


def test_image_build_without_docker(monkeypatch, capsys):
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    assert cli_main(["image", "build", "--env", "dev"]) == 2
    assert "docker is not installed" in capsys.readouterr().err
    assert cli_main(["image", "build", "--env", "local"]) == 0
    assert "ENV=local trains in this environment" in capsys.readouterr().out


def test_image_build_refuses_a_dirty_tree(monkeypatch):
    monkeypatch.setattr(build, "_git", lambda *a: " M python/x.py" if a[0] == "status" else "c" * 40)
    with pytest.raises(UserError, match="uncommitted changes.*FORCE=1"):
        build.source_commit(force=False)
    assert build.source_commit(force=True) == "c" * 40


def test_image_build_pushes_with_the_sha_tag(monkeypatch):
    calls = []
    monkeypatch.setattr(build, "docker_ready", lambda: None)
    monkeypatch.setattr(build, "source_commit", lambda force: "d" * 40)
    monkeypatch.setattr(build, "ecr_login", lambda env, url: calls.append(("login", url)))
    monkeypatch.setattr(build, "docker_build", lambda image, sha: calls.append(("build", image)))

    class Outputs:
        repository_url = "123.dkr.ecr.us-east-1.amazonaws.com/thaiocr-train"

    import thaiocr.infra.outputs as outputs
    monkeypatch.setattr(outputs, "load", lambda env: Outputs)
    monkeypatch.setattr(build.subprocess, "run", lambda cmd, **kw: calls.append(tuple(cmd)) or
                        type("R", (), {"returncode": 0})())
    assert build.build("dev", force=False) == 0
    image = f"{Outputs.repository_url}:{'d' * 40}"
    assert calls == [("build", image), ("login", Outputs.repository_url), ("docker", "push", image)]
