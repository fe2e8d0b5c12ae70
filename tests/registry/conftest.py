"""Fixtures for the registry tests: a clean moto, the local stack applied (model package group, endpoint
role), small datasets uploaded by content hash, the stand-in trainer and a stand-in scorer that reads
the CER each stand-in model was told to have."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.jobs.conftest import known_configs, local_stack  # noqa: F401  (fixtures shared with the job tests)

HERE = Path(__file__).parent
TRAINER = HERE / "lifecycle_trainer.py"
SERVER = HERE.parent / "deploy" / "fake_server.py"


def write_dataset(root: Path, name: str, lines: list[str]) -> Path:
    """A dataset dir in the project's layout (dummy image bytes: nothing here decodes them)."""
    from thaiocr.data import layout

    rec = root / "rec"
    (rec / "images").mkdir(parents=True)
    splits = {"train": lines[: len(lines) // 2 + 1], "val": lines[len(lines) // 2 + 1: -1], "test": lines[-1:]}
    for split, texts in splits.items():
        rows = []
        for i, text in enumerate(texts):
            image = f"images/{split}_{i:03d}.png"
            (rec / image).write_bytes(f"{name}/{split}/{i}".encode())
            rows.append(f"{image}\t{text}\n")
        (rec / f"rec_gt_{split}.txt").write_text("".join(rows), encoding="utf-8")
    chars = sorted({c for t in lines for c in t if c != " "})
    (root / "th_dict.txt").write_text("".join(c + "\n" for c in chars), encoding="utf-8")
    manifest = {"name": name, "mode": "line", "counts": {s: len(t) for s, t in splits.items()},
                "label_files": {s: f"rec/rec_gt_{s}.txt" for s in splits}, "dict_file": "th_dict.txt",
                "use_space_char": True, "max_text_length": 40, "max_label_length": max(map(len, lines))}
    manifest["content_hash"] = layout.content_hash(root)
    layout.write_json(root / "manifest.json", manifest)
    return root


@pytest.fixture
def stack(local_stack, tmp_path, monkeypatch):  # noqa: F811
    """`make infra ENV=local` on a clean moto, with a private cache."""
    from thaiocr.infra.local import apply_local

    monkeypatch.setenv("THAIOCR_CACHE_DIR", str(tmp_path / "cache"))
    return apply_local()


@pytest.fixture
def datasets(stack, tmp_path):
    """The env's dataset (th_lines_dev) and some new documents (new_docs), uploaded as `make data` does."""
    from thaiocr.data.upload import upload_dataset
    from thaiocr.paths import local_dir

    made = {}
    for name, lines in {"th_lines_dev": ["สวัสดี", "ครับ", "ภาษาไทย", "น้ำ", "ปี่", "กขค"],
                        "new_docs": ["ใบแจ้งหนี้", "เลขที่ 12", "วันที่", "รวม"]}.items():
        root = write_dataset(local_dir() / "datasets" / name, name, lines)
        upload_dataset(root, "local", progress=False)
        made[name] = root
    return made


@pytest.fixture
def stand_ins(monkeypatch, known_configs, datasets):  # noqa: F811
    """Trainer, scorer and serve command stood in for; returns a setter for the next model's CER."""
    from thaiocr.registry import scoring

    monkeypatch.setenv("THAIOCR_TRAIN_COMMAND", f"{sys.executable} {TRAINER}")
    monkeypatch.setenv("THAIOCR_SERVE_COMMAND", f"{sys.executable} {SERVER}")

    def fake_cer(model_dir, dataset_dir, split="test"):
        table = json.loads((Path(model_dir) / "fake_cer.json").read_text())
        name = json.loads((Path(dataset_dir) / "manifest.json").read_text())["name"]
        return float(table.get(name, table["*"]))

    monkeypatch.setattr(scoring, "cer", fake_cer)
    return lambda table: monkeypatch.setenv("FAKE_CER", json.dumps(table))
