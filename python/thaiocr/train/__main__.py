"""`python -m thaiocr.train` / `thaiocr-train`: the container's ENTRYPOINT."""
import sys

from thaiocr.train.entrypoint import main

if __name__ == "__main__":
    sys.exit(main())
