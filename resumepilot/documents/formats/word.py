"""Word (.docx) output with python-docx: real headings, real lists, selectable text."""

from __future__ import annotations

import copy
import io
from functools import lru_cache
from typing import Any

from resumepilot.documents.content import Document, Entry
from resumepilot.documents.escape import smarten
from resumepilot.documents.themes import Theme

# Fonts Word users have; the PDF's Computer Modern is not installed on office machines.
WORD_FONTS = {"cm": "Cambria", "sans": "Arial", "times": "Times New Roman"}
WORD_CJK_FONT = "Noto Sans CJK SC"


def _set_fonts(style_or_run: Any, name: str, cjk: bool) -> None:
    from docx.oxml.ns import qn

    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), name)
    # Word picks the East Asian font for CJK characters; without it they show as boxes.
    fonts.set(qn("w:eastAsia"), WORD_CJK_FONT if cjk else name)


def _rule_below(paragraph: Any, color: str) -> None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    border = ppr.makeelement(qn("w:pBdr"), {})
    bottom = border.makeelement(
        qn("w:bottom"),
        {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "1", qn("w:color"): color},
    )
    border.append(bottom)
    ppr.append(border)


def _hyperlink(paragraph: Any, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("r:id"): rid})
    run = link.makeelement(qn("w:r"), {})
    t = run.makeelement(qn("w:t"), {qn("xml:space"): "preserve"})
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _style_document(word: Any, theme: Theme, cjk: bool, paper: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    section = word.sections[0]
    section.page_width, section.page_height = (
        (Mm(215.9), Mm(279.4)) if paper == "letter" else (Mm(210), Mm(297))
    )
    section.left_margin = section.right_margin = Mm(theme.margin_x_mm)
    section.top_margin = section.bottom_margin = Mm(theme.margin_y_mm)
    font = WORD_FONTS[theme.font]
    accent = RGBColor.from_string(theme.accent)
    styles = word.styles
    normal = styles["Normal"]
    _set_fonts(normal, font, cjk)
    normal.font.size = Pt(theme.font_size)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.08
    title = styles["Title"]
    _set_fonts(title, font, cjk)
    title.font.size = Pt(theme.name_size)
    title.font.color.rgb = RGBColor(0, 0, 0) if theme.name_case != "normal" else accent
    title.font.all_caps = theme.name_case == "upper"
    title.font.small_caps = theme.name_case == "smallcaps"
    title.paragraph_format.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER if theme.header_align == "center" else WD_ALIGN_PARAGRAPH.LEFT
    )
    title.paragraph_format.space_after = Pt(2)
    heading = styles["Heading 1"]
    _set_fonts(heading, font, cjk)
    heading.font.size = Pt(theme.heading_size)
    heading.font.bold = theme.heading_weight == "bold"
    heading.font.italic = False
    heading.font.color.rgb = accent
    heading.font.small_caps = theme.heading_case == "smallcaps"
    heading.font.all_caps = theme.heading_case == "upper"
    heading.paragraph_format.space_before = Pt(theme.section_gap_pt + 2)
    heading.paragraph_format.space_after = Pt(3)
    heading.paragraph_format.keep_with_next = True
    entry = styles["Heading 2"]
    _set_fonts(entry, font, cjk)
    entry.font.size = Pt(theme.font_size)
    entry.font.bold = True
    entry.font.italic = False
    entry.font.color.rgb = RGBColor(0, 0, 0)
    entry.paragraph_format.space_before = Pt(theme.entry_gap_pt)
    entry.paragraph_format.space_after = Pt(0)
    entry.paragraph_format.keep_with_next = True
    bullet = styles["List Bullet"]
    _set_fonts(bullet, font, cjk)
    bullet.font.size = Pt(theme.font_size)
    bullet.paragraph_format.space_after = Pt(theme.bullet_gap_pt)


def _styled(word: Any, text: str, style_name: str) -> Any:
    """A paragraph in a built-in style, set by its id.

    python-docx resolves a style given by name or object by scanning every style in the
    document for the default one (~3.5 ms a paragraph, half of a whole render); the ids of the
    default template's styles are fixed, so they are written straight into the paragraph.
    """
    paragraph = word.add_paragraph(text)
    paragraph._p.style = _STYLE_IDS[style_name]
    return paragraph


_STYLE_IDS = {
    "Title": "Title",
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "List Bullet": "ListBullet",
}


def _entry(word: Any, e: Entry, width: Any, heading: bool) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT

    p = _styled(word, "", "Heading 2") if heading else word.add_paragraph()
    p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    title = p.add_run(smarten(e.title))
    title.bold = True
    if e.date:
        date = p.add_run("\t" + smarten(e.date))
        date.bold = False
    if e.subtitle or e.location:
        sub = word.add_paragraph()
        sub.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        sub.paragraph_format.keep_with_next = bool(e.summary or e.bullets)
        sub.add_run(smarten(e.subtitle)).italic = True
        if e.location:
            sub.add_run("\t" + smarten(e.location)).italic = True
    if e.summary:
        word.add_paragraph(smarten(e.summary))
    for b in e.bullets:
        _styled(word, smarten(b), "List Bullet")


@lru_cache(maxsize=32)
def _styled_blank(theme: Theme, cjk: bool, paper: str) -> Any:
    """An empty document in the theme's styles; callers change only copies of it."""
    import docx

    word = docx.Document()
    # python-docx's default template carries a thumbnail picture; a resume should hold only text.
    package_rels = word.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]
    _style_document(word, theme, cjk, paper)
    return word


def docx_bytes(doc: Document, theme: Theme, paper: str = "letter") -> bytes:
    """The resume as a .docx file."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cjk = doc.cjk
    # A copy of a styled empty document: reading python-docx's template and styling it cost
    # about half of a render, and are the same for every resume with this theme and paper.
    word = copy.deepcopy(_styled_blank(theme, cjk, paper))
    word.core_properties.title = doc.name
    word.core_properties.author = doc.name
    section = word.sections[0]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    assert page is not None and left is not None and right is not None  # set by _style_document
    width = page - left - right
    align = WD_ALIGN_PARAGRAPH.CENTER if theme.header_align == "center" else WD_ALIGN_PARAGRAPH.LEFT
    _styled(word, smarten(doc.name), "Title")
    if doc.label:
        word.add_paragraph(smarten(doc.label)).alignment = align
    contacts = word.add_paragraph()
    contacts.alignment = align
    for i, c in enumerate(doc.contacts):
        if i:
            contacts.add_run(f"  {theme.contact_separator}  ")
        if c.url:
            _hyperlink(contacts, smarten(c.text), c.url)
        else:
            contacts.add_run(smarten(c.text))
    for s in doc.sections:
        h = _styled(word, s.title, "Heading 1")
        if theme.heading_rule:
            _rule_below(h, theme.accent)
        if s.kind == "text":
            word.add_paragraph(smarten(s.text))
        elif s.kind == "pairs":
            for label, value in s.pairs:
                p = word.add_paragraph()
                if label:
                    p.add_run(smarten(label) + ": ").bold = True
                p.add_run(smarten(value))
        else:
            for e in s.entries:
                _entry(word, e, width, heading=True)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
