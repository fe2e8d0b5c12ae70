"""Every user mistake of the registry and deploy commands is one line on stderr, exit 2, no traceback."""
import pytest

from thaiocr.cli import main


def _one_line(capsys, argv, code=2) -> str:
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_without_infrastructure(local_stack, capsys):  # noqa: F811
    assert "make infra" in _one_line(capsys, ["model", "list", "--env", "local"])
    assert "make infra" in _one_line(capsys, ["deploy", "--env", "local"])


@pytest.fixture
def empty_registry(stack):
    return stack


def test_mistakes_against_an_empty_registry(empty_registry, capsys, tmp_path):
    assert main(["model", "list", "--env", "local"]) == 0
    assert "no versions yet" in capsys.readouterr().out
    assert "no version 7" in _one_line(capsys, ["model", "approve", "--env", "local", "7", "--reason", "x"])
    assert "not a model version" in _one_line(capsys, ["model", "reject", "--env", "local", "seven", "--reason", "x"])
    with pytest.raises(SystemExit) as exc:  # argparse: a required flag missing
        main(["model", "approve", "--env", "local", "1"])
    assert exc.value.code == 2 and "--reason" in capsys.readouterr().err
    assert "no approved version" in _one_line(capsys, ["deploy", "--env", "local"])
    assert "no approved version" in _one_line(capsys, ["model", "train", "--env", "local", "--base", "approved"])
    assert "no training job" in _one_line(capsys, ["model", "register", "--env", "local", "--job",
                                                  "thaiocr-th-cpu-tiny-20260101-000000-abcd"])
    assert "no such file" in _one_line(capsys, ["invoke", "--env", "local", str(tmp_path / "none.png")])
    assert main(["undeploy", "--env", "local"]) == 0
    assert "is not deployed" in capsys.readouterr().out
