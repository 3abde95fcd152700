"""Word (.docx) output with python-docx: real headings, real lists, selectable text."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from resumepilot.documents.content import Document, Entry
from resumepilot.documents.escape import smarten
from resumepilot.documents.formats.word_xml import Run, Skeleton, WordBody
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


_STYLE_IDS = {
    "Title": "Title",
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "List Bullet": "ListBullet",
}


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


@lru_cache(maxsize=32)
def _skeleton(theme: Theme, cjk: bool, paper: str) -> Skeleton:
    """The styled empty document, saved once and split into the parts every resume shares."""
    from docx.shared import Emu

    blank = _styled_blank(theme, cjk, paper)
    section = blank.sections[0]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    assert page is not None and left is not None and right is not None  # set by _style_document
    out = io.BytesIO()
    blank.save(out)
    return Skeleton.from_docx(out.getvalue(), Emu(page - left - right).twips)


def docx_bytes(doc: Document, theme: Theme, paper: str = "letter") -> bytes:
    """The resume as a .docx file.

    python-docx styles an empty document once per theme and paper (`_styled_blank`); each
    resume's paragraphs are then written as WordprocessingML text (word_xml.py) into a copy of
    that document's saved parts. Building them through python-docx's element API, copying
    the document and compressing its 800 kB of styles again cost ~50 ms a resume.
    """
    skeleton = _skeleton(theme, doc.cjk, paper)
    body = WordBody(skeleton.text_width_twips)
    align = "center" if theme.header_align == "center" else "left"
    body.paragraph(smarten(doc.name), style=_STYLE_IDS["Title"])
    if doc.label:
        body.paragraph(smarten(doc.label), align=align)
    contact_runs: list[Run] = []
    for i, c in enumerate(doc.contacts):
        if i:
            contact_runs.append(Run(f"  {theme.contact_separator}  "))
        contact_runs.append(Run(smarten(c.text), link=c.url or None))
    body.runs_paragraph(contact_runs, align=align)
    rule = theme.accent if theme.heading_rule else None
    for s in doc.sections:
        body.paragraph(s.title, style=_STYLE_IDS["Heading 1"], rule_color=rule)
        if s.kind == "text":
            body.paragraph(smarten(s.text))
        elif s.kind == "pairs":
            for label, value in s.pairs:
                runs = [Run(smarten(label) + ": ", bold=True)] if label else []
                body.runs_paragraph([*runs, Run(smarten(value))])
        else:
            for e in s.entries:
                _entry(body, e)
    return skeleton.docx(body, title=doc.name)


def _entry(body: WordBody, e: Entry) -> None:
    title = [Run(smarten(e.title), bold=True)]
    if e.date:
        title.append(Run("\t" + smarten(e.date), bold=False))
    body.runs_paragraph(title, style=_STYLE_IDS["Heading 2"], right_tab=True)
    if e.subtitle or e.location:
        sub = [Run(smarten(e.subtitle), italic=True)]
        if e.location:
            sub.append(Run("\t" + smarten(e.location), italic=True))
        body.runs_paragraph(sub, right_tab=True, keep_with_next=bool(e.summary or e.bullets))
    if e.summary:
        body.paragraph(smarten(e.summary))
    for b in e.bullets:
        body.paragraph(smarten(b), style=_STYLE_IDS["List Bullet"])
