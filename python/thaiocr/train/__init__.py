"""The in-container training entrypoint `thaiocr-train` and the SageMaker container contract."""
