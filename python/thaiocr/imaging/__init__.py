"""Image operations below synthesis and inference: line framing."""
