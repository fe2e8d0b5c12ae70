"""The model registry: each trained model as a versioned SageMaker model package with its metrics,
approved by a person, the base of the next incremental run, and what `deploy` serves."""
