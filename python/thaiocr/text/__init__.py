"""Thai text: normalisation, the character dictionary, and the text sources datasets are drawn from."""
