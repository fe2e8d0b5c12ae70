"""Datasets at scale: synthesis and PDF import as sharded SageMaker Processing jobs (ENV=local: N local
subprocesses against the moto stack). Shard k of N renders a fixed slice; shard outputs are complete or
absent in S3; the last instance to finish assembles labels and manifest and writes LATEST.json last."""
