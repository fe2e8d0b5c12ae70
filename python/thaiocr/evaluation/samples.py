"""A handful of rendered Thai lines in the dataset layout, for tests and for `bench infer` when no
dataset has been synthesised: small, deterministic, and independent of the synth package's options."""
from __future__ import annotations

import json
from pathlib import Path

LINES = ["สวัสดีครับ", "ภาษาไทย ง่ายนิดเดียว", "น้ำใจไมตรี", "กรุงเทพมหานคร 2567", "ทดสอบ",
         "ผู้ใหญ่บ้าน", "ขอบคุณมาก", "เด็กๆ เล่นกัน", "โรงเรียนของเรา", "ประเทศไทย"]
FONT_CANDIDATES = [
    ("Loma", "/usr/share/fonts/truetype/tlwg/Loma.ttf"),
    ("Garuda", "/usr/share/fonts/truetype/tlwg/Garuda.ttf"),
    ("NotoSansThai", "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf"),
]


def thai_fonts() -> list[tuple[str, str | None]]:
    found = [(n, p) for n, p in FONT_CANDIDATES if Path(p).is_file()]
    return found or [("default", None)]


def render_line(text: str, font_path: str | None, height: int = 48):
    """BGR uint8 line image, text black on white."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, 30) if font_path else ImageFont.load_default()
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font)
    img = Image.new("L", (right - left + 16, height), 255)
    ImageDraw.Draw(img).text((8 - left, (height - (bottom - top)) // 2 - top), text, font=font, fill=0)
    arr = np.array(img)
    return np.stack([arr] * 3, axis=2)


def write_sample_dataset(out_dir: Path, n: int = 10, split: str = "test") -> Path:
    """rec/images, rec/rec_gt_<split>.txt, rec/meta_<split>.jsonl, th_dict.txt, manifest.json."""
    import cv2

    out_dir = Path(out_dir)
    (out_dir / "rec" / "images").mkdir(parents=True, exist_ok=True)
    fonts = thai_fonts()
    labels, meta = [], []
    for i in range(n):
        text = LINES[i % len(LINES)]
        font, path = fonts[i % len(fonts)]
        effects = [] if i % 3 == 0 else (["blur"] if i % 3 == 1 else ["noise", "rotate"])
        name = f"images/{split}_{i:05d}.png"
        img = render_line(text, path)
        if "blur" in effects:
            img = cv2.GaussianBlur(img, (3, 3), 0)
        cv2.imwrite(str(out_dir / "rec" / name), img)
        labels.append(f"{name}\t{text}")
        meta.append(json.dumps({"image": name, "font": font, "effects": effects}, ensure_ascii=False))
    (out_dir / "rec" / f"rec_gt_{split}.txt").write_text("\n".join(labels) + "\n", encoding="utf-8")
    (out_dir / "rec" / f"meta_{split}.jsonl").write_text("\n".join(meta) + "\n", encoding="utf-8")
    chars = sorted({c for line in LINES for c in line} - {" "})
    (out_dir / "th_dict.txt").write_text("".join(f"{c}\n" for c in chars), encoding="utf-8")
    (out_dir / "manifest.json").write_text(json.dumps(
        {"name": "eval_sample", "mode": "line", "counts": {split: n}, "dict_file": "th_dict.txt",
         "use_space_char": True, "image_height": 48}, ensure_ascii=False), encoding="utf-8")
    return out_dir
