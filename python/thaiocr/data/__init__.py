"""Datasets in PaddleOCR's SimpleDataSet layout: layout and manifest, validation, import, merge, upload."""
