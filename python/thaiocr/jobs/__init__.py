"""Training jobs: submission, preflight, cost, monitoring, the local runner, model fetch and the demo."""
