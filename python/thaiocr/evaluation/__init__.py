"""Evaluation against Tesseract, prediction, and the recogniser every consumer of a model dir shares."""
