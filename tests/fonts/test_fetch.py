import pytest

from thaiocr.errors import UserError
from thaiocr.fonts import fetch


def test_every_package_is_pinned_with_integrity():
    cfg = fetch.load_config()
    assert cfg["dest"].startswith(".cache/")  # fonts are never committed
    for pkg in cfg["packages"]:
        assert pkg["name"].startswith("@fontsource/")
        assert pkg["version"][0].isdigit() and pkg["integrity"].startswith("sha512-")


def test_integrity_mismatch_is_refused(tmp_path):
    (tmp_path / "fontsource-x-1.0.0.tgz").write_bytes(b"tampered")
    with pytest.raises(UserError, match="integrity mismatch"):
        fetch._npm_pack("@fontsource/x", "1.0.0", "sha512-AAAA", tmp_path)
    assert not (tmp_path / "fontsource-x-1.0.0.tgz").exists()
