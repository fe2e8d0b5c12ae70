"""PaddleOCR's training source, pinned: the commit and its git tree ids (`pins`), tree ids computed as git
does (`gittree`), and the verified fetch (`fetch`). Low in the layers (errors and paths only), so the
in-container entrypoint (train), the image build (image) and the demo can all use it."""
