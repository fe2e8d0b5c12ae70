"""The dataset seam, below both synth (which writes datasets) and data (which imports, merges, validates
and uploads them): the directory layout (`layout`) and the typed manifest (`manifest`). Imports nothing
of the project but errors and contracts."""
