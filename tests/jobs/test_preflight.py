"""Each preflight refusal, against the moto-backed local stack with dev's settings."""
from dataclasses import replace

import pytest

from thaiocr.errors import UserError
from thaiocr.jobs import image, preflight, settings
from thaiocr.jobs.preflight import Refusal

SHA = "0badc0de" * 5


@pytest.fixture
def ready(aws, local_infra, uploaded_dataset):
    """dev-like settings with everything in place: preflight passes."""
    s = replace(settings.load("dev"), dataset="th_lines_dev", pretrained=None)
    image.register_local(aws("ecr"), local_infra.repository_url, SHA[:12])
    return s


def run(s, outputs, aws, **kw):
    return preflight.run(s, outputs, sha=kw.pop("sha", SHA), dataset_prefix=kw.pop("prefix", None), clients=aws)


def test_all_checks_pass(ready, local_infra, aws, uploaded_dataset):
    checked = run(ready, local_infra, aws)
    assert checked.image_uri.startswith(local_infra.repository_url + "@sha256:")
    assert checked.dataset.prefix == uploaded_dataset and checked.dataset.hash == "0123456789abcdef"
    assert checked.manifest["counts"]["train"] == 1
    assert checked.estimate.worst_case_usd <= ready.budget_usd


def test_instance_type_not_allowed(ready, local_infra, aws):
    with pytest.raises(Refusal, match="ml.p3.2xlarge is not allowed in env 'dev'"):
        run(replace(ready, instance_type="ml.p3.2xlarge"), local_infra, aws)


def test_over_budget(ready, local_infra, aws):
    with pytest.raises(Refusal, match=r"worst case .* exceeds the \$20 budget"):
        run(replace(ready, instance_count=4), local_infra, aws)


def test_missing_role(ready, local_infra, aws):
    aws("iam").delete_role(RoleName=local_infra.role_arn.rsplit("/", 1)[-1])
    with pytest.raises(Refusal, match="training role .* does not exist.*make infra ENV=dev"):
        run(ready, local_infra, aws)


def test_missing_image(ready, local_infra, aws):
    with pytest.raises(Refusal, match="no training image for commit 123456789abc.*make image ENV=dev"):
        run(ready, local_infra, aws, sha="123456789abc" * 3)


def test_image_found_by_explicit_tag(ready, local_infra, aws):
    image.register_local(aws("ecr"), local_infra.repository_url, "v1.2")
    assert run(replace(ready, image_tag="v1.2"), local_infra, aws, sha=None).image_uri.startswith(local_infra.repository_url)


def test_dataset_never_uploaded(ready, local_infra, aws):
    with pytest.raises(UserError, match="dataset 'th_lines' has not been uploaded.*make data ENV=dev"):
        run(replace(ready, dataset="th_lines"), local_infra, aws)


def test_unfinished_upload_has_no_manifest(ready, local_infra, aws, uploaded_dataset):
    aws("s3").delete_object(Bucket=local_infra.bucket, Key=uploaded_dataset + "manifest.json")
    with pytest.raises(Refusal, match="no manifest.json under .*make data ENV=dev"):
        run(ready, local_infra, aws)


def test_explicit_dataset_prefix(ready, local_infra, aws, uploaded_dataset):
    ok = run(ready, local_infra, aws, prefix=f"s3://{local_infra.bucket}/{uploaded_dataset}")
    assert ok.dataset.prefix == uploaded_dataset
    with pytest.raises(Refusal, match="no manifest.json"):
        run(ready, local_infra, aws, prefix="datasets/th_lines_dev/nope")


def test_missing_pretrained_weights(ready, local_infra, aws):
    with pytest.raises(Refusal, match="pretrained weights .*pretrained/th_rec.pdparams are missing"):
        run(replace(ready, pretrained="th_rec"), local_infra, aws)
    aws("s3").put_object(Bucket=local_infra.bucket, Key="pretrained/th_rec.pdparams", Body=b"w")
    assert run(replace(ready, pretrained="th_rec"), local_infra, aws).pretrained_uri.endswith("th_rec.pdparams")


def test_unknown_training_config(known_configs):
    assert preflight.check_training_config("th_svtr_lcnet") == "th_svtr_lcnet"
    with pytest.raises(UserError, match="unknown training config 'nope'.*th_cpu_tiny"):
        preflight.check_training_config("nope")


def test_manifest_only_dataset_needs_its_local_files(local_infra, aws, tiny_dataset, tmp_path):
    """ENV=local may register a big dataset without its files; preflight then checks they are still
    under .local/datasets, so a deleted copy is refused at submit instead of failing the job later."""
    import shutil

    from thaiocr.data import layout
    from thaiocr.data.upload import upload_dataset

    name = layout.read_manifest(tiny_dataset)["name"]
    copy = tmp_path / "local" / "datasets" / name
    shutil.copytree(tiny_dataset, copy)
    upload_dataset(copy, "local", bucket=local_infra.bucket, progress=False, manifest_only=True)
    s = replace(settings.load("local"), dataset=name, pretrained=None)
    image.register_local(aws("ecr"), local_infra.repository_url, SHA[:12])
    assert run(s, local_infra, aws).manifest["name"] == name

    next(p for p in layout.content_files(copy) if p.suffix in {".png", ".jpg"}).write_bytes(b"changed")
    with pytest.raises(Refusal, match="registered with --manifest-only.*synthesise it again"):
        run(s, local_infra, aws)
