"""The shipped model under models/: packaging a trained job's model with its card and learning curve."""
