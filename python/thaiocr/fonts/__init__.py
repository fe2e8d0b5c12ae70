"""Extra OFL Thai fonts from the npm registry (`make fonts`), converted to TTF under .cache/fonts."""
