"""A tiny line dataset in the `thaiocr data synth` layout, rendered with PIL in a second.

For the entrypoint tests and `make bench-train`: they need real images and labels in the real layout,
not the synthesiser's realism or its run time.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

CHARS = list("กขคงจฉชซดตถทนบปผพฟมยรลวสหอะาิีึืุู่้เแโใไ0123456789")
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
    "/usr/share/fonts/truetype/tlwg/Loma.ttf",
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
)


def _font(size: int):
    from PIL import ImageFont

    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def write_dataset(root: Path, counts=None, *, seed: int = 0, max_len: int = 8, height: int = 32) -> Path:
    """Random Thai strings of 2..max_len characters, one line image each, plus dict and manifest."""
    from PIL import Image, ImageDraw

    counts = counts or {"train": 24, "val": 8, "test": 8}
    rng = random.Random(seed)
    font = _font(int(height * 0.7))
    (root / "rec" / "images").mkdir(parents=True, exist_ok=True)
    longest = 0
    fonts = {}
    counts = {split: n for split, n in counts.items() if n > 0}  # an empty label file is not valid
    for split, n in counts.items():
        lines, meta = [], []
        for i in range(n):
            text = "".join(rng.choice(CHARS[:20] + CHARS[-10:]) for _ in range(rng.randint(2, max_len)))
            longest = max(longest, len(text))
            width = max(64, 18 * len(text))
            img = Image.new("RGB", (width, height), "white")
            ImageDraw.Draw(img).text((4, 2), text, fill="black", font=font)
            name = f"{split}_{i:04d}.png"
            img.save(root / "rec" / "images" / name)
            lines.append(f"images/{name}\t{text}")
            meta.append(json.dumps({"image": f"images/{name}", "font": "Noto Sans Thai", "effects": []}))
        (root / "rec" / f"rec_gt_{split}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (root / "rec" / f"meta_{split}.jsonl").write_text("\n".join(meta) + "\n", encoding="utf-8")
        fonts[split] = ["Noto Sans Thai"]
    (root / "th_dict.txt").write_text("\n".join(CHARS) + "\n", encoding="utf-8")
    manifest = {
        "name": "tiny", "mode": "line", "generator": "tests", "seed": seed, "spec": {},
        "counts": counts, "fonts": fonts,
        "label_files": {s: f"rec/rec_gt_{s}.txt" for s in counts},
        "dict_file": "th_dict.txt", "use_space_char": True, "max_text_length": max_len + 2,
        "max_label_length": longest, "image_height": height, "char_histogram": {}, "content_hash": "x",
    }
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return root
