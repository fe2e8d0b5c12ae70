"""The SageMaker-compatible inference server (GET /ping, POST /invocations)."""
