"""Page OCR: detect text lines on a page (PP-OCRv5 mobile DB detector, ONNX), read each with our recogniser."""
