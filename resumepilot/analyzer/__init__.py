"""The resume analyzer: pure report modules over a parsed resume (no database, no web)."""
