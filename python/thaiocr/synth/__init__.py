"""Synthetic Thai text images: spec, fonts, rendering, effects, and sharded deterministic generation."""
