"""Typst source and in-process PDF compilation through the `typst` package."""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

from resumepilot.documents.content import Document
from resumepilot.documents.formats.templating import environment
from resumepilot.documents.themes import Theme

# Families tried in order; the first one installed wins. The last entry of each list is
# embedded in the typst package, so a bare machine still renders.
FONT_FAMILIES = {
    "cm": ["New Computer Modern"],
    "sans": [
        "Nimbus Sans",
        "TeX Gyre Heros",
        "Liberation Sans",
        "Arial",
        "DejaVu Sans",
        "New Computer Modern",
    ],
    "times": [
        "Nimbus Roman",
        "TeX Gyre Termes",
        "Liberation Serif",
        "Times New Roman",
        "Libertinus Serif",
    ],
}
CJK_FAMILIES = ["Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei"]

# Scanning all system fonts costs ~100 ms, so only the folders our families live in are read.
_URW = "/usr/share/fonts/opentype/urw-base35"
_GYRE = "/usr/share/texmf/fonts/opentype/public/tex-gyre"
_DEJAVU = "/usr/share/fonts/truetype/dejavu"
_FONT_DIRS = {
    "sans": [_URW, _GYRE, "/usr/share/fonts/truetype/liberation", _DEJAVU],
    "times": [_URW, _GYRE, "/usr/share/fonts/truetype/liberation"],
}
_CJK_DIRS = [
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/source-han-serif",
    "/usr/share/fonts/truetype/wqy",
]

_PAGE_COUNT = re.compile(
    rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b"
)


class TypstRenderError(RuntimeError):
    """Typst could not compile a generated document (a bug in our template, not user input)."""


def font_list(theme: Theme, cjk: bool) -> str:
    """The Typst array of font families for the theme."""
    families = FONT_FAMILIES[theme.font] + (CJK_FAMILIES if cjk else [])
    return "(" + ", ".join(f'"{f}"' for f in families) + ")"


def typst_source(doc: Document, theme: Theme, paper: str = "letter") -> str:
    """The Typst source of the resume."""
    return (
        environment("typst")
        .get_template("base.typ.j2")
        .render(
            doc=doc,
            t=theme,
            paper="us-letter" if paper == "letter" else "a4",
            fonts=font_list(theme, doc.cjk),
        )
    )


def _font_dirs(font: str, cjk: bool) -> tuple[str, ...]:
    dirs = _FONT_DIRS.get(font, []) + (_CJK_DIRS if cjk else [])
    return tuple(d for d in dirs if Path(d).is_dir())


_lock = threading.Lock()


@cache
def _compiler(font_dirs: tuple[str, ...]) -> object:
    import typst

    # System fonts are ignored so output does not depend on what else is installed.
    return typst.Compiler(font_paths=list(font_dirs), ignore_system_fonts=True)


def compile_pdf(source: str, theme: Theme, cjk: bool) -> bytes:
    """PDF bytes of a Typst source, compiled in-process."""
    import typst

    compiler = _compiler(_font_dirs(theme.font, cjk))
    try:
        # A Compiler is not documented as thread-safe; web workers may share this process.
        with _lock:
            pdf = compiler.compile(source.encode("utf-8"), format="pdf")  # type: ignore[attr-defined]
    except typst.TypstError as exc:
        raise TypstRenderError(f"{exc.message}: {exc.diagnostic}") from exc
    assert isinstance(pdf, bytes)
    return pdf


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF, read from its root page tree (Typst writes it uncompressed)."""
    counts = [int(a or b) for a, b in _PAGE_COUNT.findall(pdf)]
    if not counts:
        raise ValueError("no page tree found in PDF")
    return max(counts)


def compile_png(source: str, theme: Theme, cjk: bool, ppi: int) -> bytes:
    """The first page of a Typst source as a PNG, for previews in the web pages."""
    import typst

    compiler = _compiler(_font_dirs(theme.font, cjk))
    try:
        with _lock:
            pages = compiler.compile(source.encode("utf-8"), format="png", ppi=ppi)  # type: ignore[attr-defined]
    except typst.TypstError as exc:
        raise TypstRenderError(f"{exc.message}: {exc.diagnostic}") from exc
    first = pages[0] if isinstance(pages, list) else pages
    assert isinstance(first, bytes)
    return first
