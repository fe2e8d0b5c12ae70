"""Deployment: an approved model version behind a SageMaker endpoint (real-time with target-tracking
autoscaling, or asynchronous scaling to zero), or `thaiocr serve` on loopback for ENV=local; and what it
all costs."""
