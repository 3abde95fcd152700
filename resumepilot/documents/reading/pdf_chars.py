"""Words from a PDF page through pdfium: text, box, size, weight; drawn dots become bullets.

pdfplumber (pdfminer) gives the same boxes but takes ~0.4 s a page here against ~15 ms for
pdfium (bench/analyzer.py), so pdfium reads and our code does the layout.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resumepilot.documents.reading.errors import DocumentTooLarge

# pdflatex without cm-super embeds bitmap (Type 3) fonts with no Unicode map: pdfium then
# reports the raw T1/TS1 codes. These are the ones resumes use; the others are letters.
_RAW_TEX_CODES = str.maketrans(
    {
        "\x10": "\u201c",
        "\x11": "\u201d",
        "\x12": "\u201e",
        "\x13": "\u00ab",
        "\x14": "\u00bb",
        "\x15": "\u2013",
        "\x16": "\u2014",
        "\x19": "\u0131",
        "\x1b": "\ufb00",
        "\x1c": "\ufb01",
        "\x1d": "\ufb02",
        "\x1e": "\ufb03",
        "\x1f": "\ufb04",
        "\x88": "\u2022",
    }
)
_ITALIC_FLAG = 0x40  # PDF font descriptor flag
# Fonts whose glyphs are pictures: a lone character in one of them at a line start is a bullet.
_SYMBOL_FONTS = (
    "marvosym",
    "wingding",
    "symbol",
    "dingbat",
    "fontawesome",
    "webdings",
    "cmsy",
    "msam",
)
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi", "cmbx", "cmb10", "-bd", "-sb")
_ITALIC_NAMES = ("italic", "oblique", "cmti", "cmsl", "-it")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float  # from the top of the page
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _font_style(
    raw: Any, index: int, cache: dict[str, tuple[bool, bool, bool]]
) -> tuple[bool, bool, bool]:
    """(bold, italic, symbol) of the character's font, by weight, flags and name."""
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    pdfium_c.FPDFText_GetFontInfo(raw, index, buf, 128, ctypes.byref(flags))
    name = buf.value.decode("latin-1", "replace").lower()
    key = f"{name}/{flags.value}"
    if key not in cache:
        weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
        bold = weight >= 600 or any(n in name for n in _BOLD_NAMES)
        italic = bool(flags.value & _ITALIC_FLAG) or any(n in name for n in _ITALIC_NAMES)
        cache[key] = (bold, italic, any(n in name for n in _SYMBOL_FONTS))
    return cache[key]


def page_words(page: pdfium.PdfPage, height: float, max_chars: int) -> list[Word]:
    """The words of one page; a word ends at a space, a line break or a wide gap."""
    textpage = page.get_textpage()
    raw = textpage.raw
    count = textpage.count_chars()
    if count > max_chars:
        raise DocumentTooLarge(
            f"A page of this PDF holds {count:,} characters, more than a resume can. "
            "Upload the resume on its own."
        )
    text = textpage.get_text_range() if count else ""
    if len(text) != count:  # characters outside the BMP shift the indices: ask one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(count))
    text = text.translate(_RAW_TEX_CODES)
    rect = pdfium_c.FS_RECTF()
    words: list[Word] = []
    styles: dict[str, tuple[bool, bool, bool]] = {}
    symbol_words: set[int] = set()
    chars: list[str] = []
    current: Word | None = None
    for i, ch in enumerate(text):
        if ch in "\x02\ufffe":  # pdfium's mark for a hyphen that ended a line
            if current is not None:
                chars.append("-")
            continue
        if ch.isspace() or ch == "\x00":
            if current is not None:
                current.text = "".join(chars)
                words.append(current)
                current, chars = None, []
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect))
        left, right = rect.left, rect.right
        top, bottom = height - rect.top, height - rect.bottom
        if current is not None:
            size = current.size or 10.0
            new_line = abs((top + bottom) / 2 - current.middle) > 0.45 * (
                current.bottom - current.top
            )
            if new_line or left - current.x1 > 0.6 * size or left < current.x0 - 1:
                current.text = "".join(chars)
                words.append(current)
                current, chars = None, []
        if current is None:
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            bold, italic, symbol = _font_style(raw, i, styles)
            current = Word("", left, right, top, bottom, size, bold, italic)
            if symbol:
                symbol_words.add(id(current))
        else:
            current.x1 = max(current.x1, right)
            current.top, current.bottom = min(current.top, top), max(current.bottom, bottom)
        chars.append(ch)
    if current is not None:
        current.text = "".join(chars)
        words.append(current)
    textpage.close()
    for word in words:
        if id(word) in symbol_words and len(word.text) == 1:
            word.text = "•"
    return words


def page_links(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[str]:
    """Web and mail links behind the text ("in" or an icon that links to a profile)."""
    links: list[str] = []
    pos = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(doc.raw, action, None, 0)
        if 1 < size <= 2048:
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFAction_GetURIPath(doc.raw, action, buf, size)
            links.append(buf.value.decode("utf-8", "replace"))
        if len(links) > 50:
            break
    return links


def drawn_marks(page: pdfium.PdfPage, height: float) -> tuple[list[Word], int]:
    """Small filled shapes drawn as bullets (as "•" words), and the number of images."""
    dots: list[Word] = []
    images = 0
    kinds = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]
    for n, obj in enumerate(page.get_objects(filter=kinds, max_depth=3)):
        if n > 5000:  # a page of vector art is not a resume layout we can learn from
            break
        left, bottom, right, top = obj.get_bounds()
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += (right - left) * (top - bottom) > 100
            continue
        w, h = right - left, top - bottom
        if 1.2 <= w <= 7 and 1.2 <= h <= 7 and abs(w - h) <= 1.2:
            dots.append(Word("•", left, right, height - top - 2, height - bottom + 2, h * 2))
    return dots, images
