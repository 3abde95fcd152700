"""Typst source and in-process PDF compilation through the `typst` package."""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

from resumepilot.documents.cache import cache_folder
from resumepilot.documents.content import Document
from resumepilot.documents.formats.typst_markup import typst_markup
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

# Typst reads every font file in the folders it is given when a Compiler is made: the three
# Latin folders below cost ~15 ms a process, the Noto CJK one ~70 ms. Only the files of the
# families we name are read (font_folders): a folder and a file-name pattern per family.
# Families not installed are simply not found; Typst falls back along the list as before.
_URW = "/usr/share/fonts/opentype/urw-base35"
_GYRE = "/usr/share/texmf/fonts/opentype/public/tex-gyre"
_LIBERATION = "/usr/share/fonts/truetype/liberation"
_DEJAVU = "/usr/share/fonts/truetype/dejavu"
_FONT_FILES = {
    "sans": [
        (_URW, "NimbusSans-*"),
        (_GYRE, "texgyreheros-*"),
        (_LIBERATION, "LiberationSans-*"),
        (_DEJAVU, "DejaVuSans.ttf"),
        (_DEJAVU, "DejaVuSans-*"),
    ],
    "times": [
        (_URW, "NimbusRoman-*"),
        (_GYRE, "texgyretermes-*"),
        (_LIBERATION, "LiberationSerif-*"),
    ],
}
_CJK_FILES = [
    ("/usr/share/fonts/opentype/noto", "Noto*CJK*"),
    ("/usr/share/fonts/truetype/noto", "Noto*CJK*"),
    ("/usr/share/fonts/opentype/source-han-serif", "SourceHanSerif*"),
    ("/usr/share/fonts/truetype/wqy", "wqy-zenhei*"),
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
    typst_paper = "us-letter" if paper == "letter" else "a4"
    return typst_markup(doc, theme, typst_paper, font_list(theme, doc.cjk))


@cache
def font_files(font: str, cjk: bool) -> tuple[str, ...]:
    """The installed font files of a theme's families."""
    found: list[str] = []
    for folder, pattern in _FONT_FILES.get(font, []) + (_CJK_FILES if cjk else []):
        found.extend(str(p) for p in sorted(Path(folder).glob(pattern)))
    return tuple(found)


@cache
def font_folders(font: str, cjk: bool) -> tuple[str, ...]:
    """Folders holding exactly the theme's font files, for Typst to read at start-up.

    Typst takes folders, not files, so a cache folder of symbolic links to the files is made
    once per set of installed files (its name is their hash). Where that folder cannot be
    written, the system folders themselves are read, which costs more but renders the same.
    """
    files = font_files(font, cjk)
    if not files:
        return ()
    # Imported here, not at the top: a short render process pays ~10 ms for these modules, and
    # only the first render with a new set of fonts needs shutil and tempfile.
    import hashlib

    key = hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]
    root = cache_folder("typst-fonts")
    folder = root / key if root else None
    if folder and folder.is_dir():
        return (str(folder),)
    import shutil
    import tempfile

    try:
        if folder is None:
            raise OSError("no cache folder")
        partial = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=folder.parent))
        for index, file in enumerate(files):
            # Numbered, since two folders may hold files of the same name.
            (partial / f"{index:03d}-{Path(file).name}").symlink_to(file)
        try:
            partial.rename(folder)
        except OSError:  # another process made it first
            shutil.rmtree(partial, ignore_errors=True)
        if folder.is_dir():
            return (str(folder),)
    except OSError:
        pass
    return tuple(sorted({str(Path(f).parent) for f in files}))


_lock = threading.Lock()


@cache
def _compiler(fonts: tuple[str, ...]) -> object:
    import typst

    # System fonts are ignored so output does not depend on what else is installed.
    return typst.Compiler(font_paths=list(fonts), ignore_system_fonts=True)


def _compile(source: str, theme: Theme, cjk: bool, **output: object) -> bytes | list[bytes]:
    """Typst's output for `source`: bytes, or one bytes per page for the image formats."""
    import typst

    compiler = _compiler(font_folders(theme.font, cjk))
    try:
        # A Compiler is not documented as thread-safe; web workers may share this process.
        with _lock:
            result = compiler.compile(source.encode("utf-8"), **output)  # type: ignore[attr-defined]
    except typst.TypstError as exc:
        raise TypstRenderError(f"{exc.message}: {exc.diagnostic}") from exc
    assert isinstance(result, (bytes, list))
    return result


def _first_page(pages: bytes | list[bytes]) -> bytes:
    first = pages[0] if isinstance(pages, list) else pages
    assert isinstance(first, bytes)
    return first


def compile_pdf(source: str, theme: Theme, cjk: bool) -> bytes:
    """PDF bytes of a Typst source, compiled in-process."""
    pdf = _compile(source, theme, cjk, format="pdf")
    assert isinstance(pdf, bytes)
    return pdf


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF, read from its root page tree (Typst writes it uncompressed)."""
    counts = [int(a or b) for a, b in _PAGE_COUNT.findall(pdf)]
    if not counts:
        raise ValueError("no page tree found in PDF")
    return max(counts)


def compile_png(source: str, theme: Theme, cjk: bool, ppi: int) -> bytes:
    """The first page of a Typst source as a PNG (the builder's template thumbnails)."""
    return _first_page(_compile(source, theme, cjk, format="png", ppi=ppi))


_BARE_AMPERSAND = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")


def compile_svg(source: str, theme: Theme, cjk: bool) -> bytes:
    """The first page of a Typst source as SVG, for previews in the web pages.

    Vector, so it stays sharp at any zoom and on high-density screens, and about a seventh
    of the cost of a 96 ppi PNG (no rasterising, no PNG encoding). Text is drawn as glyph
    outlines, so no text of the resume appears as markup in it.
    """
    first = _first_page(_compile(source, theme, cjk, format="svg"))
    # Typst's SVG writer (typst-py 0.15) leaves a link's "&" (a=1&b=2) bare, which is not XML: a
    # browser would refuse the whole image. Nothing else in its output needs escaping.
    return _BARE_AMPERSAND.sub(b"&amp;", first) if b"&" in first else first
