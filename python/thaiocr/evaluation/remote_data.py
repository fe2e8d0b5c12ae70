"""Find the exact dataset a model was trained on, so `make eval ENV=dev` works on a machine that never
synthesised it: the local copy when its content hash matches the model's manifest.json, else one split
downloaded from the env's bucket (`datasets/<name>/<hash>/`, as `data upload` laid it out)."""
from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from thaiocr.dataset import layout
from thaiocr.dataset.manifest import load_manifest
from thaiocr.errors import UserError
from thaiocr.paths import local_dir


def model_dataset(model_dir: Path) -> dict:
    """The manifest of the dataset the model was trained on (saved beside it), validated; {} if absent."""
    if not (Path(model_dir) / layout.MANIFEST).is_file():
        return {}
    return load_manifest(model_dir).to_dict()


def _local_hash(dataset: Path) -> str | None:
    try:
        return json.loads((dataset / layout.MANIFEST).read_text(encoding="utf-8")).get("content_hash")
    except (OSError, json.JSONDecodeError):
        return None


def dataset_for_model(model_dir: Path, env: str, split: str = "test") -> Path:
    manifest = model_dataset(model_dir)
    name, content_hash = manifest.get("name"), manifest.get("content_hash")
    if not name:
        raise UserError(f"{model_dir} does not name its dataset (no manifest.json)", hint="pass --data DIR")
    local = local_dir() / "datasets" / name
    if local.is_dir() and (content_hash is None or _local_hash(local) == content_hash):
        return local
    # any local folder with the same content (the demo's, or one made with DATA=...), checked by hash
    found = layout.find_by_hash(local_dir() / "datasets", content_hash)
    if found is not None:
        return found
    if content_hash:
        try:
            return download_split(env, name, content_hash, split)
        except UserError as exc:
            if not local.is_dir():
                raise UserError(f"the model's dataset {name} is neither under {local.parent} nor readable "
                                f"from env '{env}': {exc}", hint="pass --data DIR") from None
    print(f"warning: {local} differs from the dataset the model was trained on (content hash); "
          "evaluating on it anyway", file=sys.stderr)
    return local


def download_split(env: str, name: str, content_hash: str, split: str) -> Path:
    """Labels, metadata, dictionary, manifest and the split's images; once per dataset version."""
    from botocore.exceptions import BotoCoreError, ClientError

    from thaiocr.aws.session import client
    from thaiocr.data.upload import HASH_CHARS, dataset_prefix
    from thaiocr.infra.outputs import load

    dest = local_dir() / "eval-data" / name / content_hash[:HASH_CHARS]
    done = dest / f".{split}.complete"
    if done.exists():
        return dest
    bucket = load(env).bucket
    prefix = dataset_prefix(name, content_hash)
    s3 = client("s3", env)

    def get(rel: str, optional: bool = False) -> bool:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            s3.download_file(bucket, prefix + rel, str(target))
            return True
        except ClientError as exc:
            if optional and exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                return False
            raise UserError(f"cannot read s3://{bucket}/{prefix}{rel}: "
                            f"{exc.response.get('Error', {}).get('Code', 'error')}") from None
        except BotoCoreError as exc:
            raise UserError(f"cannot read s3://{bucket}/{prefix}{rel}: {exc}") from None

    get("manifest.json")
    get(f"rec/rec_gt_{split}.txt")
    get(f"rec/meta_{split}.jsonl", optional=True)
    get("th_dict.txt", optional=True)
    images = [line.split("\t", 1)[0] for line in
              (dest / "rec" / f"rec_gt_{split}.txt").read_text(encoding="utf-8").splitlines() if "\t" in line]
    print(f"downloading {len(images)} {split} images of {name} from s3://{bucket}/{prefix}", file=sys.stderr)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda rel: get(f"rec/{rel}"), images))
    done.touch()
    return dest
