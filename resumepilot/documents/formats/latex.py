"""LaTeX source for download and Overleaf, plus the engine it needs."""

from __future__ import annotations

from resumepilot.documents.content import Document
from resumepilot.documents.escape import pdflatex_can_print
from resumepilot.documents.formats.templating import environment
from resumepilot.documents.themes import Theme


def latex_engine(doc: Document) -> str:
    """'pdflatex' unless the text has characters only a Unicode engine can print (CJK, emoji)."""
    return "pdflatex" if pdflatex_can_print(doc.all_text()) else "xelatex"


def latex_source(doc: Document, theme: Theme, paper: str = "letter") -> str:
    """The LaTeX source of the resume, for the engine `latex_engine` picks."""
    # Baseline matches Typst's line pitch (cap height + leading), so both outputs wrap alike.
    baseline = theme.font_size * (0.7 + theme.leading)
    return (
        environment("latex")
        .get_template("base.tex.j2")
        .render(
            doc=doc,
            t=theme,
            paper="letter" if paper == "letter" else "a4",
            engine=latex_engine(doc),
            cjk=doc.cjk,
            baseline=baseline,
        )
    )
