"""PaddleOCR source resolution: PADDLEOCR_HOME, .cache/PaddleOCR, ../shared/PaddleOCR, then the fetch."""
import pytest

from thaiocr.errors import UserError
from thaiocr.train import source
from thaiocr.upstream import gittree, pins


def _tree(root, text="x"):
    for part in ("tools", "ppocr", "configs"):
        (root / part).mkdir(parents=True, exist_ok=True)
        (root / part / ("train.py" if part == "tools" else "a.py")).write_text(text)
    return root


@pytest.fixture
def layout(tmp_path, monkeypatch):
    """A repo root with a sibling shared/ folder; the pin is the tree ids of a 'good' tree."""
    repo = tmp_path / "main"
    repo.mkdir()
    monkeypatch.setenv("THAIOCR_ROOT", str(repo))
    monkeypatch.setenv("THAIOCR_CACHE_DIR", str(repo / ".cache"))
    monkeypatch.delenv("PADDLEOCR_HOME", raising=False)
    good = _tree(tmp_path / "good")
    monkeypatch.setattr(pins, "PADDLEOCR_TREES", {p: gittree.tree_id(good / p) for p in pins.PADDLEOCR_PARTS})
    return repo


def test_order_env_then_cache_then_shared(layout, monkeypatch, tmp_path):
    with pytest.raises(UserError, match="no PaddleOCR source at the pinned commit"):
        source.paddleocr_home()
    assert source.paddleocr_home(required=False) is None
    shared = _tree(layout.parent / "shared" / "PaddleOCR")
    assert source.paddleocr_home() == shared.resolve()
    cache = _tree(layout / ".cache" / "PaddleOCR")
    assert source.paddleocr_home() == cache.resolve()
    mine = _tree(tmp_path / "mine", text="another version")
    monkeypatch.setenv("PADDLEOCR_HOME", str(mine))
    assert source.paddleocr_home() == mine.resolve()  # an explicit choice, even unpinned
    assert "NOT the pinned commit" in source.describe(mine)


def test_a_tree_at_another_commit_is_passed_over(layout):
    _tree(layout / ".cache" / "PaddleOCR", text="v3.2.0")
    shared = _tree(layout.parent / "shared" / "PaddleOCR")
    assert source.paddleocr_home() == shared.resolve()
    assert "verified" in source.describe(shared)


def test_verification_is_cached(layout, monkeypatch):
    shared = _tree(layout.parent / "shared" / "PaddleOCR")
    assert source.mismatches(shared) == []
    calls = []
    monkeypatch.setattr(gittree, "tree_id", lambda d: calls.append(d) or "0" * 40)
    assert source.mismatches(shared) == [] and calls == []  # unchanged tree: no rehash
    (shared / "ppocr" / "a.py").write_text("edited!")
    assert source.mismatches(shared) == ["tools", "ppocr", "configs"] and calls


def test_missing_explicit_home_is_one_line(layout, monkeypatch, tmp_path):
    monkeypatch.setenv("PADDLEOCR_HOME", str(tmp_path / "nowhere"))
    with pytest.raises(UserError, match="PADDLEOCR_HOME=.* has no PaddleOCR source"):
        source.paddleocr_home()


def test_fetch_when_allowed(layout, monkeypatch):
    from thaiocr.upstream import fetch as paddleocr_fetch

    def fake_fetch(force=False):
        _tree(layout / ".cache" / "PaddleOCR")
        return "fetched"

    monkeypatch.setattr(paddleocr_fetch, "fetch", fake_fetch)
    assert source.paddleocr_home(fetch=True) == (layout / ".cache" / "PaddleOCR").resolve()


def test_fetch_is_a_no_op_when_the_shared_copy_is_pinned(layout):
    from thaiocr.upstream import fetch as paddleocr_fetch

    shared = _tree(layout.parent / "shared" / "PaddleOCR")
    assert "nothing to fetch" in paddleocr_fetch.fetch(url="file:///nonexistent")
    assert str(shared) in paddleocr_fetch.fetch(url="file:///nonexistent")
