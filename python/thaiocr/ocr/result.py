"""The page result seam: pages -> lines -> box (4 points), text, confidence, in reading order."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    box: list[list[float]]  # 4 points, clockwise from top-left, page pixels
    text: str
    confidence: float

    def bbox(self) -> tuple[int, int, int, int]:
        xs = [p[0] for p in self.box]
        ys = [p[1] for p in self.box]
        return int(min(xs)), int(min(ys)), int(round(max(xs))), int(round(max(ys)))

    def as_dict(self) -> dict:
        return {"box": [[round(x, 1), round(y, 1)] for x, y in self.box], "text": self.text,
                "confidence": round(float(self.confidence), 4)}


@dataclass
class Page:
    number: int  # 1-based, within its source
    width: int
    height: int
    lines: list[Line] = field(default_factory=list)
    source: str = ""
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def as_dict(self) -> dict:
        return {"page": self.number, "source": self.source, "width": self.width, "height": self.height,
                "lines": [line.as_dict() for line in self.lines]}
