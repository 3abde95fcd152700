"""The built-in offline engine: our own rules and word lists, no model, no network."""
