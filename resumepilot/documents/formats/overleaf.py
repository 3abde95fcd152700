"""Open a resume in Overleaf: the form fields to POST to https://www.overleaf.com/docs."""

from __future__ import annotations

from urllib.parse import quote

OVERLEAF_URL = "https://www.overleaf.com/docs"


def overleaf_form(latex: str, engine: str, name: str = "resume.tex") -> dict[str, str]:
    """Fields for an auto-submitting form that opens `latex` as a new Overleaf project."""
    if engine not in ("pdflatex", "xelatex"):
        raise ValueError(f"unsupported engine {engine!r}")
    return {
        # Overleaf url-decodes encoded_snip; quoting everything keeps the TeX byte-exact.
        "encoded_snip": quote(latex, safe=""),
        "snip_name": name,
        "engine": engine,
    }
