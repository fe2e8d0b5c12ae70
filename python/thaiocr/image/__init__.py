"""The GPU training image (`thaiocr image build`) and the pinned PaddleOCR source (`thaiocr paddleocr fetch`)."""
