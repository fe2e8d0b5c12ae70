"""Benchmarks (`make bench-*`): figures go to docs/BENCHMARKS.md, never into timed tests."""
