"""`python -m thaiocr.processing synth|import-pdf|finalize`: the Processing container's entrypoint."""
import sys

from thaiocr.processing.entrypoint import main

sys.exit(main())
