"""Text, JSON and hOCR renderings of a page result."""
import json
import xml.etree.ElementTree as ET

from thaiocr.ocr.render import render
from thaiocr.ocr.result import Line, Page


def pages():
    lines = [Line([[10, 20], [200, 20], [200, 50], [10, 50]], "สวัสดีครับ", 0.91),
             Line([[10, 60], [150, 61], [150, 90], [10, 89]], "a < b & c", 0.5)]
    return [Page(1, 300, 400, lines, source="doc.pdf"), Page(2, 300, 400, [], source="doc.pdf")]


def test_text_is_lines_with_pages_split_by_form_feeds():
    assert render(pages(), "text") == "สวัสดีครับ\na < b & c\n\f\n"


def test_json_has_pages_lines_boxes_text_confidence():
    doc = json.loads(render(pages(), "json"))
    line = doc["pages"][0]["lines"][0]
    assert line == {"box": [[10, 20], [200, 20], [200, 50], [10, 50]], "text": "สวัสดีครับ", "confidence": 0.91}
    assert doc["pages"][1]["page"] == 2 and doc["pages"][1]["lines"] == []


def test_hocr_is_well_formed_with_page_line_and_word_boxes():
    root = ET.fromstring(render(pages(), "hocr").encode("utf-8"))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    page_divs = root.findall(".//h:div[@class='ocr_page']", ns)
    assert len(page_divs) == 2 and "bbox 0 0 300 400" in page_divs[0].get("title")
    lines = root.findall(".//h:span[@class='ocr_line']", ns)
    words = root.findall(".//h:span[@class='ocrx_word']", ns)
    assert [w.text for w in words] == ["สวัสดีครับ", "a < b & c"]
    assert lines[0].get("title").startswith("bbox 10 20 200 50")
    assert "x_wconf 91" in words[0].get("title")
