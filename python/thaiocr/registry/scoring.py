"""CER of a model on a dataset's test split: the one number the gate and `compare` rank versions by.
A seam on purpose, so tests can stand in for paddle inference."""
from __future__ import annotations

from pathlib import Path


def cer(model_dir: Path, dataset_dir: Path, split: str = "test") -> float:
    from thaiocr.evaluation.run import evaluate

    report = evaluate(Path(model_dir), Path(dataset_dir), split=split, device="auto", batch_size=32, progress=False)
    return float(report["engines"]["model"]["cer"])


def model_dir(env: str, version) -> Path:
    """A version's model, unpacked once into .cache/models/ (evaluation.model_source does the work)."""
    from thaiocr.evaluation.model_source import resolve_model

    return resolve_model(version.model_data_url, env=env)
