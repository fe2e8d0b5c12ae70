"""`thaiocr paddleocr fetch` and `thaiocr image build`, without network or Docker."""
import io
import json
import tarfile

import pytest

from thaiocr.cli import main as cli_main
from thaiocr.errors import UserError
from thaiocr.image import build
from thaiocr.train import source
from thaiocr.upstream import fetch as paddleocr_fetch
from thaiocr.upstream import gittree, pins

PARTS = ("tools/train.py", "tools/export_model.py", "ppocr/__init__.py", "configs/rec/x.yml")


def _tarball(path, commit=pins.PADDLEOCR_COMMIT, parts=PARTS):
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT, pax_headers={"comment": commit}) as tar:
        for name in (*parts, "docs/big.md", "../evil.py"):
            data = f"# {name}\n".encode()
            info = tarfile.TarInfo(f"PaddleOCR-{commit}/{name}" if not name.startswith("..") else name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def pinned_to_fake(tmp_path, monkeypatch):
    """Pin the tree ids of the fake archive's content, as if it were the real commit."""
    ref = tmp_path / "ref"
    for name in PARTS:
        (ref / name).parent.mkdir(parents=True, exist_ok=True)
        (ref / name).write_text(f"# {name}\n")
    monkeypatch.setattr(pins, "PADDLEOCR_TREES", {p: gittree.tree_id(ref / p) for p in ("tools", "ppocr", "configs")})
    monkeypatch.delenv("PADDLEOCR_COMMIT", raising=False)


def test_tree_ids_match_git_for_the_shared_copy():
    shared = source.shared_home()
    if not (shared / "tools").is_dir():
        pytest.skip(f"no shared PaddleOCR copy at {shared}")
    assert {p: gittree.tree_id(shared / p) for p in pins.PADDLEOCR_TREES} == pins.PADDLEOCR_TREES


def test_tree_id_is_what_git_computes(tmp_path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("no git")
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/x.py").write_text("x\n")
    (tmp_path / "a/run.sh").write_text("#!/bin/sh\n")
    (tmp_path / "a/run.sh").chmod(0o755)
    (tmp_path / "a/b.txt").write_text("sorts before the folder b/ in git's order\n")
    (tmp_path / "a/__pycache__").mkdir()
    (tmp_path / "a/__pycache__/x.pyc").write_bytes(b"ignored")
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "a/b", "a/run.sh", "a/b.txt"], check=True)
    want = subprocess.run([*git, "write-tree", "--prefix=a/"], capture_output=True, text=True, check=True).stdout.strip()
    assert gittree.tree_id(tmp_path / "a") == want


def test_fetch_extracts_only_the_needed_parts_and_verifies_them(tmp_path, monkeypatch, pinned_to_fake):
    home = tmp_path / "PaddleOCR"
    monkeypatch.setenv("PADDLEOCR_HOME", str(home))
    msg = paddleocr_fetch.fetch(url=_tarball(tmp_path / "src.tar.gz").as_uri())
    assert "fetched" in msg and "verified" in msg
    assert (home / "tools/train.py").is_file() and not (home / "docs").exists()
    assert json.loads((home / pins.STAMP_FILE).read_text())["commit"] == pins.PADDLEOCR_COMMIT
    assert "already at" in paddleocr_fetch.fetch(url="file:///nonexistent")  # no-op: the stamp matches


def test_fetch_refuses_another_commit(tmp_path, monkeypatch, pinned_to_fake):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "PaddleOCR"))
    with pytest.raises(UserError, match="expected " + pins.PADDLEOCR_COMMIT):
        paddleocr_fetch.fetch(url=_tarball(tmp_path / "src.tar.gz", commit="b" * 40).as_uri())
    assert not (tmp_path / "PaddleOCR").exists()


def test_fetch_refuses_content_that_differs_from_the_tree_ids(tmp_path, monkeypatch, pinned_to_fake):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "PaddleOCR"))
    url = _tarball(tmp_path / "src.tar.gz", parts=PARTS[:3]).as_uri()
    with pytest.raises(UserError, match="configs differ from the pinned tree ids"):
        paddleocr_fetch.fetch(url=url)
    assert not (tmp_path / "PaddleOCR").exists()


def test_fetch_refuses_a_build_arg_that_differs_from_the_pin(monkeypatch):
    monkeypatch.setenv("PADDLEOCR_COMMIT", "c" * 40)
    with pytest.raises(UserError, match="pins.py pins"):
        paddleocr_fetch.fetch(url="file:///nonexistent")


def test_fetch_offline_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "PaddleOCR"))
    monkeypatch.delenv("PADDLEOCR_COMMIT", raising=False)
    monkeypatch.setattr(pins, "PADDLEOCR_TARBALL", "http://127.0.0.1:9/PaddleOCR.tar.gz")
    assert cli_main(["paddleocr", "fetch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot download PaddleOCR" in err


def test_fetch_leaves_an_unknown_tree_alone(tmp_path, monkeypatch):
    home = tmp_path / "PaddleOCR"
    (home / "tools").mkdir(parents=True)
    (home / "tools/train.py").write_text("")
    monkeypatch.setenv("PADDLEOCR_HOME", str(home))
    monkeypatch.delenv("PADDLEOCR_COMMIT", raising=False)
    assert "left as it is" in paddleocr_fetch.fetch(url="file:///nonexistent")


def test_image_build_without_docker(monkeypatch, capsys):
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    monkeypatch.setattr(build, "source_commit", lambda force: "e" * 40)
    monkeypatch.setattr(build, "tag_exists", lambda env, url, tag: False)

    class Outputs:
        repository_url = "123.dkr.ecr.us-east-1.amazonaws.com/thaiocr-train"

    import thaiocr.infra.outputs as outputs
    monkeypatch.setattr(outputs, "load", lambda env: Outputs)
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
    monkeypatch.setattr(build, "tag_exists", lambda env, url, tag: False)
    monkeypatch.setattr("thaiocr.image.base.require_pinned", lambda dockerfile: "base@sha256:" + "0" * 64)
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


def test_the_serving_image_is_tagged_serve_sha(monkeypatch):
    """`make image` also builds docker/serve.Dockerfile as <repo>:serve-<sha>, what `make deploy` runs."""
    calls, pinned = [], []
    monkeypatch.setattr(build, "docker_ready", lambda: None)
    monkeypatch.setattr(build, "tag_exists", lambda env, url, tag: calls.append(("exists?", tag)) or False)
    monkeypatch.setattr("thaiocr.image.base.require_pinned", lambda d: pinned.append(d) or "b@sha256:" + "0" * 64)
    monkeypatch.setattr(build, "source_commit", lambda force: "e" * 40)
    monkeypatch.setattr(build, "ecr_login", lambda env, url: None)
    monkeypatch.setattr(build, "docker_build", lambda image, sha, dockerfile=build.DOCKERFILE:
                        calls.append(("build", image, dockerfile)))

    class Outputs:
        repository_url = "123.dkr.ecr.us-east-1.amazonaws.com/thaiocr-train"

    import thaiocr.infra.outputs as outputs
    monkeypatch.setattr(outputs, "load", lambda env: Outputs)
    monkeypatch.setattr(build.subprocess, "run", lambda cmd, **kw: calls.append(tuple(cmd)) or
                        type("R", (), {"returncode": 0})())
    assert build.build("dev", force=False, serve=True) == 0
    image = f"{Outputs.repository_url}:serve-{'e' * 40}"
    assert calls == [("exists?", f"serve-{'e' * 40}"), ("build", image, build.SERVE_DOCKERFILE), ("docker", "push", image)]
    assert pinned == [build.SERVE_DOCKERFILE]


def test_make_image_twice_on_one_commit_builds_and_pushes_once(local_env, monkeypatch, capsys):
    """Against moto's ECR: the first run builds and pushes; the second finds the commit's tag and does nothing."""
    import thaiocr.aws.session as session
    import thaiocr.infra.outputs as outputs

    real_client = session.client
    monkeypatch.setattr(session, "client", lambda service, env: real_client(service, "local"))
    ecr = real_client("ecr", "local")
    url = ecr.create_repository(repositoryName="thai-ocr-dev-train", imageTagMutability="IMMUTABLE")[
        "repository"]["repositoryUri"]
    monkeypatch.setattr(outputs, "load", lambda env: type("O", (), {"repository_url": url}))
    sha = "f" * 40
    monkeypatch.setattr(build, "source_commit", lambda force: sha)
    monkeypatch.setattr(build, "docker_ready", lambda: None)
    monkeypatch.setattr("thaiocr.image.base.require_pinned", lambda dockerfile: "base@sha256:" + "0" * 64)
    monkeypatch.setattr(build, "ecr_login", lambda env, repository_url: None)
    calls = []
    monkeypatch.setattr(build, "docker_build", lambda image, s: calls.append(("build", image)))

    def push(cmd, **kw):  # what `docker push` leaves in ECR: a manifest under the tag
        calls.append(tuple(cmd))
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                               "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 0,
                                          "digest": "sha256:" + "1" * 64}, "layers": []})
        ecr.put_image(repositoryName="thai-ocr-dev-train", imageManifest=manifest, imageTag=cmd[-1].rsplit(":", 1)[1])
        return type("R", (), {"returncode": 0})()

    monkeypatch.setattr(build.subprocess, "run", push)
    assert build.build("dev", force=False) == 0
    assert calls == [("build", f"{url}:{sha}"), ("docker", "push", f"{url}:{sha}")]
    capsys.readouterr()
    calls.clear()
    assert cli_main(["image", "build", "--env", "dev"]) == 0
    assert calls == [], "the second run builds and pushes nothing"
    assert "already in ECR: nothing to build or push" in capsys.readouterr().out


def test_build_args_are_declared_in_the_dockerfile():
    import re

    from thaiocr.paths import repo_root

    text = (repo_root() / build.DOCKERFILE).read_text()
    declared = set(re.findall(r"^ARG\s+(\w+)", text, re.M))
    args = build.build_args("a" * 40)
    passed = {args[i + 1].split("=", 1)[0] for i, a in enumerate(args) if a == "--build-arg"}
    assert passed and passed <= declared, f"passed but never declared: {passed - declared}"
    assert not hasattr(build, "dockerfile"), "the dead helper stays gone"


def test_an_unpinned_base_is_refused_and_pin_base_writes_the_digest(tmp_path, monkeypatch):
    from thaiocr.image import base

    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "train.Dockerfile").write_text("# x\nFROM example/img:1.0 AS build\nRUN true\n")
    monkeypatch.setattr(base, "repo_root", lambda: tmp_path)
    with pytest.raises(UserError, match="without a digest.*pin-base"):
        base.require_pinned("docker/train.Dockerfile")
    digest = "sha256:" + "ab" * 32
    assert base.pin_all(resolver=lambda ref: digest) == [f"docker/train.Dockerfile: example/img:1.0@{digest}"]
    assert "FROM example/img:1.0@" + digest + " AS build\n" in (tmp_path / "docker/train.Dockerfile").read_text()
    assert base.require_pinned("docker/train.Dockerfile").endswith(digest)
    base.pin("docker/train.Dockerfile", resolver=lambda ref: "sha256:" + "cd" * 32)  # a refresh replaces it
    assert base.base_image("docker/train.Dockerfile") == "example/img:1.0@sha256:" + "cd" * 32
