"""Renderers from the printable Document to LaTeX, Typst/PDF, DOCX and Overleaf."""
