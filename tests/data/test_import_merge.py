import cv2
import numpy as np
import pytest

from thaiocr.data import layout
from thaiocr.data.importer import import_dataset
from thaiocr.data.merge import merge_datasets
from thaiocr.data.validate import validate_dataset
from thaiocr.errors import UserError


@pytest.fixture
def real_folder(tmp_path):
    src = tmp_path / "scans"
    src.mkdir()
    for i in range(12):
        cv2.imwrite(str(src / f"line{i:02d}.png"), np.full((40, 120, 3), 200 + i, np.uint8))
    (src / "corrupt.png").write_bytes(b"garbage")
    return src


def test_import_paddleocr_label_file(real_folder, tmp_path):
    lines = [f"line{i:02d}.png\tน\u0e49\u0e4d\u0e32 {i}\n" for i in range(12)] + ["corrupt.png\tเสีย\n",
                                                                                 "absent.png\tหาย\n"]
    (real_folder / "rec_gt.txt").write_text("".join(lines), encoding="utf-8")
    result = import_dataset(real_folder, tmp_path / "out", name="scans", seed=1)
    m = result.manifest
    assert sum(m["counts"].values()) == 12 and m["skipped"] == 2
    assert any("corrupt.png" in s for s in result.skipped) and any("absent.png" in s for s in result.skipped)
    texts = [t for s in layout.SPLITS for _, _, t in layout.iter_labels(tmp_path / "out" / layout.label_file(s))]
    assert all(t.startswith("น้ำ ") for t in texts)  # normalised: sara am is U+0E33
    assert validate_dataset(tmp_path / "out").ok


def test_import_csv_and_sidecars(real_folder, tmp_path):
    (real_folder / "corrupt.png").unlink()
    (real_folder / "labels.csv").write_text(
        "file_name,text\n" + "".join(f"line{i:02d}.png,ข้อ {i}\n" for i in range(12)), encoding="utf-8")
    m = import_dataset(real_folder, tmp_path / "csv", name="csv", split="test").manifest
    assert m["counts"] == {"train": 0, "val": 0, "test": 12}
    (real_folder / "labels.csv").unlink()
    for i in range(12):
        (real_folder / f"line{i:02d}.txt").write_text(f"บรรทัด {i}\n", encoding="utf-8")
    assert sum(import_dataset(real_folder, tmp_path / "side", name="side").manifest["counts"].values()) == 12
    assert validate_dataset(tmp_path / "side").ok


def test_import_errors(real_folder, tmp_path):
    with pytest.raises(UserError, match="no labels found"):
        import_dataset(real_folder, tmp_path / "x", name="x")
    (real_folder / "bad.csv").write_text("name,label\na,b\n", encoding="utf-8")
    with pytest.raises(UserError, match="file_name,text"):
        import_dataset(real_folder, tmp_path / "x", name="x")
    (real_folder / "bad.csv").write_text("file_name,text\ncorrupt.png,x\nline00.png,ก\n", encoding="utf-8")
    with pytest.raises(UserError, match="rejected"):
        import_dataset(real_folder, tmp_path / "strict", name="x", strict=True)
    assert not (tmp_path / "strict" / layout.MANIFEST).exists()


@pytest.mark.slow
def test_merge_real_and_synthetic(real_folder, tiny_dataset, tmp_path):
    (real_folder / "corrupt.png").unlink()
    (real_folder / "labels.csv").write_text(
        "file_name,text\n" + "".join(f"line{i:02d}.png,ABC ข้อ {i}\n" for i in range(12)), encoding="utf-8")
    import_dataset(real_folder, tmp_path / "real", name="real", seed=3)
    m = merge_datasets([tiny_dataset, tmp_path / "real"], tmp_path / "both", name="both")
    assert sum(m["counts"].values()) == 72
    assert validate_dataset(tmp_path / "both").ok
    with pytest.raises(UserError, match="not empty"):
        merge_datasets([tiny_dataset], tmp_path / "both", name="again")


def test_merge_can_reframe_imported_crops_into_the_canonical_framing(tmp_path):
    src = tmp_path / "crops"
    src.mkdir()
    for i in range(10):  # tight and loose crops of one word, at different heights and offsets
        img = np.full((30 + 6 * i, 200, 3), 255, np.uint8)
        cv2.putText(img, "Hello 12", (10, 22 + i), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (0, 0, 0), 2)
        cv2.imwrite(str(src / f"c{i}.png"), img)
    (src / "labels.csv").write_text("file_name,text\n" + "".join(f"c{i}.png,คำ {i}\n" for i in range(10)),
                                    encoding="utf-8")
    import_dataset(src, tmp_path / "real", name="real", seed=3)
    m = merge_datasets([tmp_path / "real"], tmp_path / "framed", name="framed", frame=True)
    assert m["framing"] == "canonical-v1" and m["image_height"] == 32
    bands = set()
    for split in layout.SPLITS:
        for _, image, _ in layout.iter_labels(tmp_path / "framed" / layout.label_file(split)):
            gray = cv2.imread(str(tmp_path / "framed" / layout.REC_DIR / image), cv2.IMREAD_GRAYSCALE)
            rows = np.where(gray.min(axis=1) < 128)[0]
            bands.add((gray.shape[0], int(rows[0]), int(rows[-1])))
    assert len(bands) == 1, bands  # every crop, however cut, in one geometry
    assert validate_dataset(tmp_path / "framed").ok
