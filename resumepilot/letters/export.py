"""A cover letter as PDF, Word and LaTeX in the look of a resume template: the theme's fonts,
accent colour, name size, header alignment and margins, over the same renderers the resumes use.

Every piece of user text goes through the target language's escaper (documents.escape), so a
letter cannot inject markup into Typst, LaTeX or Word.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from resumepilot.documents.escape import has_cjk, latex_escape, pdflatex_can_print, typst_escape
from resumepilot.documents.formats.typst_pdf import compile_pdf, font_list
from resumepilot.documents.formats.word import WORD_FONTS
from resumepilot.documents.render import filename_for
from resumepilot.documents.themes import Theme, load_theme

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "latex": "application/x-tex",
}
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "latex": "tex"}


@dataclass
class LetterDocument:
    """What a printed letter shows, as plain text; the renderers escape it."""

    name: str
    label: str = ""
    contacts: list[str] = field(default_factory=list)
    date: str = ""
    recipient: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return "\n".join(
            [self.name, self.label, *self.contacts, self.date, *self.recipient, *self.paragraphs]
        )


def paragraphs_of(body: str) -> list[str]:
    """The body's paragraphs: blocks separated by blank lines; a single newline inside one
    (a sign-off above the name) is kept as a line break."""
    out = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        if any(lines):
            out.append("\n".join(line for line in lines if line))
    return out


def letter_document(
    sender: dict[str, Any], recipient: list[str], body: str, date: str
) -> LetterDocument:
    contacts = [
        str(sender[k]).strip()
        for k in ("email", "phone", "location", "url")
        if isinstance(sender.get(k), str) and sender[k].strip()
    ]
    return LetterDocument(
        name=str(sender.get("name") or "").strip(),
        label=str(sender.get("label") or "").strip(),
        contacts=contacts,
        date=date,
        recipient=[r for r in recipient if r],
        paragraphs=paragraphs_of(body),
    )


# Typst (PDF) -----------------------------------------------------------------------------------


def typst_source(doc: LetterDocument, theme: Theme, paper: str = "letter") -> str:
    align = "center" if theme.header_align == "center" else "left"
    name = typst_escape(doc.name)
    if theme.name_case == "upper":
        name = f"#upper[{name}]"
    elif theme.name_case == "smallcaps":
        name = f"#smallcaps[{name}]"
    fill = "black" if theme.name_case != "normal" else "accent"
    sep = f" #h(0.3em){typst_escape(theme.contact_separator)}#h(0.3em) "
    lines = [
        f'#set page(paper: "{"us-letter" if paper == "letter" else "a4"}", '
        f"margin: (x: {theme.margin_x_mm}mm, y: {theme.margin_y_mm + 6}mm))",
        f"#set text(font: {font_list(theme, has_cjk(doc.all_text()))}, "
        f'size: {theme.font_size + 0.5}pt, lang: "en", hyphenate: false)',
        f"#set par(leading: {theme.leading}em, spacing: 1.1em, justify: false)",
        f'#let accent = rgb("#{theme.accent}")',
        f"#align({align})[",
        f"  #block(below: 0.5em, text(size: {theme.name_size}pt, fill: {fill})[{name}])",
    ]
    if doc.label:
        lines.append(
            f"  #block(below: 0.5em, text(size: {theme.label_size}pt)[{typst_escape(doc.label)}])"
        )
    if doc.contacts:
        lines.append("  " + sep.join(typst_escape(c) for c in doc.contacts))
    lines.append("]")
    if theme.heading_rule:
        lines.append("#line(length: 100%, stroke: 0.5pt + accent)")
    lines.append("#v(1.2em)")
    if doc.date:
        lines += [typst_escape(doc.date), ""]
    if doc.recipient:
        lines += [" \\\n".join(typst_escape(r) for r in doc.recipient), ""]
    for paragraph in doc.paragraphs:
        lines += [" \\\n".join(typst_escape(line) for line in paragraph.split("\n")), ""]
    return "\n".join(lines) + "\n"


def pdf_bytes(doc: LetterDocument, theme: Theme, paper: str = "letter") -> bytes:
    return compile_pdf(typst_source(doc, theme, paper), theme, has_cjk(doc.all_text()))


# LaTeX -----------------------------------------------------------------------------------------


def latex_engine(doc: LetterDocument) -> str:
    return "pdflatex" if pdflatex_can_print(doc.all_text()) else "xelatex"


def latex_source(doc: LetterDocument, theme: Theme, paper: str = "letter") -> str:
    engine = latex_engine(doc)
    out = [f"\\documentclass[{'letterpaper' if paper == 'letter' else 'a4paper'}]{{article}}"]
    if engine == "pdflatex":
        out += [
            "\\usepackage[T1]{fontenc}",
            "\\usepackage[utf8]{inputenc}",
            "\\usepackage{textcomp}",
        ]
        out += {
            "sans": [
                "\\usepackage[scaled=0.95]{helvet}",
                "\\renewcommand{\\familydefault}{\\sfdefault}",
            ],
            "times": ["\\usepackage{mathptmx}"],
        }.get(theme.font, ["\\usepackage{lmodern}"])
    else:
        out.append("\\usepackage{fontspec}")
    out += [
        f"\\usepackage[hmargin={theme.margin_x_mm}mm, "
        f"vmargin={theme.margin_y_mm + 6}mm]{{geometry}}",
        "\\usepackage{xcolor}",
        f"\\definecolor{{accent}}{{HTML}}{{{theme.accent}}}",
        "\\setlength{\\parindent}{0pt}",
        "\\setlength{\\parskip}{0.9em}",
        "\\pagestyle{empty}",
        "\\begin{document}",
        "\\begin{center}" if theme.header_align == "center" else "\\begin{flushleft}",
    ]
    name = latex_escape(doc.name)
    if theme.name_case == "upper":
        name = f"\\MakeUppercase{{{name}}}"
    elif theme.name_case == "smallcaps":
        name = f"\\textsc{{{name}}}"
    color = "" if theme.name_case != "normal" else "\\color{accent}"
    out.append(
        f"{{\\fontsize{{{theme.name_size}}}{{{theme.name_size * 1.2:.1f}}}\\selectfont"
        f"{color} {name}}}\\\\[4pt]"
    )
    if doc.label:
        out.append(f"{latex_escape(doc.label)}\\\\[2pt]")
    if doc.contacts:
        sep = f" {latex_escape(theme.contact_separator)} "
        out.append(sep.join(latex_escape(c) for c in doc.contacts))
    out.append("\\end{center}" if theme.header_align == "center" else "\\end{flushleft}")
    if theme.heading_rule:
        out.append("{\\color{accent}\\hrule}")
    out.append("\\vspace{1em}")
    if doc.date:
        out += [latex_escape(doc.date), ""]
    if doc.recipient:
        out += ["\\\\\n".join(latex_escape(r) for r in doc.recipient), ""]
    for paragraph in doc.paragraphs:
        out += ["\\\\\n".join(latex_escape(line) for line in paragraph.split("\n")), ""]
    out.append("\\end{document}")
    return "\n".join(out) + "\n"


# Word ------------------------------------------------------------------------------------------


def docx_bytes(doc: LetterDocument, theme: Theme, paper: str = "letter") -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = (
        (Mm(215.9), Mm(279.4)) if paper == "letter" else (Mm(210), Mm(297))
    )
    section.left_margin = section.right_margin = Mm(theme.margin_x_mm)
    section.top_margin = section.bottom_margin = Mm(theme.margin_y_mm + 6)
    normal = word.styles["Normal"]
    normal.font.name = WORD_FONTS[theme.font]
    normal.font.size = Pt(theme.font_size + 0.5)
    normal.paragraph_format.space_after = Pt(9)
    align = WD_ALIGN_PARAGRAPH.CENTER if theme.header_align == "center" else WD_ALIGN_PARAGRAPH.LEFT
    head = word.add_paragraph()
    head.alignment = align
    head.paragraph_format.space_after = Pt(2)
    run = head.add_run(doc.name)
    run.font.size = Pt(theme.name_size)
    run.font.all_caps = theme.name_case == "upper"
    run.font.small_caps = theme.name_case == "smallcaps"
    if theme.name_case == "normal":
        run.font.color.rgb = RGBColor.from_string(theme.accent)
    for text in ([doc.label] if doc.label else []) + (
        [f" {theme.contact_separator} ".join(doc.contacts)] if doc.contacts else []
    ):
        line = word.add_paragraph(text)
        line.alignment = align
        line.paragraph_format.space_after = Pt(2)
    word.add_paragraph()
    if doc.date:
        word.add_paragraph(doc.date)
    if doc.recipient:
        word.add_paragraph("\n".join(doc.recipient))
    for paragraph in doc.paragraphs:
        word.add_paragraph(paragraph)
    word.core_properties.title = f"Cover letter: {doc.name}"[:200]
    word.core_properties.author = doc.name[:200]
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


@dataclass
class LetterFile:
    content: bytes
    media_type: str
    filename: str
    engine: str | None = None


def render_letter(
    doc: LetterDocument, template: str, fmt: str, paper: str = "letter"
) -> LetterFile:
    """The letter in `fmt` (pdf, docx or latex) in the look of resume template `template`."""
    theme = load_theme(template)
    filename = filename_for(f"{doc.name or 'cover'} letter", template, EXTENSIONS[fmt])
    if fmt == "pdf":
        return LetterFile(pdf_bytes(doc, theme, paper), MEDIA_TYPES[fmt], filename)
    if fmt == "docx":
        return LetterFile(docx_bytes(doc, theme, paper), MEDIA_TYPES[fmt], filename)
    source = latex_source(doc, theme, paper)
    return LetterFile(source.encode("utf-8"), MEDIA_TYPES[fmt], filename, latex_engine(doc))
