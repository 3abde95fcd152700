"""Cover letters: the command line here; the engine is resumepilot.ai.letters."""
