"""`make data`: synthesise, validate, upload; each step refuses to pass on a bad result."""
from __future__ import annotations

from pathlib import Path

from thaiocr.errors import UserError


def make_dataset(spec_path: str | Path, out: str | Path, env: str, *, count: int | None = None,
                 seed: int | None = None, workers: int | None = None, upload: bool = True,
                 progress: bool = True) -> dict:
    """Returns {"manifest": ..., "uri": s3 URI or None}."""
    from thaiocr.data.validate import validate_dataset
    from thaiocr.synth.generate import synthesize
    from thaiocr.synth.spec import load_spec

    spec = load_spec(spec_path, count=count, seed=seed)
    manifest = synthesize(spec, Path(out), workers=workers, progress=progress)
    report = validate_dataset(out)
    if not report.ok:  # a generator bug, never a user mistake: show the first finding
        raise UserError(f"synthesised dataset failed validation: {report.findings[0]}")
    uri = None
    if upload:
        from thaiocr.data.upload import upload_dataset

        uri = upload_dataset(Path(out), env, progress=progress).uri
    return {"manifest": manifest, "uri": uri}
