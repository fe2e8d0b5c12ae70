"""Born-digital PDFs: their text layer and page renders, cut into labelled line images (`data import-pdf`)."""
