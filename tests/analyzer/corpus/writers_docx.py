"""Corpus writers for Word files (python-docx): styles, a table layout, a page header with a
text box, and the file LibreOffice turns into a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.shared import Inches, Pt

from tests.analyzer.corpus.writers_text import month_year

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _right_tab(paragraph: Any, inches: float = 6.5) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(inches), WD_TAB_ALIGNMENT.RIGHT)


def write_styles_docx(p: dict[str, Any], path: Path) -> Path:
    """Title, Heading 1 and List Bullet styles; "Title — Employer" then an italic date line."""
    doc = Document()
    doc.add_paragraph(p["name"], style="Title")
    doc.add_paragraph(p["label"], style="Subtitle")
    doc.add_paragraph(" | ".join([p["email"], p["phone"], *p["links"], p["location"]]))
    doc.add_heading("Summary", level=1)
    doc.add_paragraph(p["summary"])
    doc.add_heading("Professional Experience", level=1)
    for j in p["work"]:
        head = doc.add_paragraph()
        head.add_run(f"{j['title']} — {j['company']}").bold = True
        when = doc.add_paragraph()
        when.add_run(
            f"{month_year(j['start'], 'long')} – {month_year(j['end'], 'long')} | {j['location']}"
        ).italic = True
        for b in j["bullets"]:
            doc.add_paragraph(b, style="List Bullet")
    doc.add_heading("Education", level=1)
    for s in p["education"]:
        para = doc.add_paragraph()
        para.add_run(f"{s['degree']}, {s['area']}").bold = True
        doc.add_paragraph(f"{s['institution']}, {month_year(s['start'])} – {month_year(s['end'])}")
    doc.add_heading("Skills", level=1)
    doc.add_paragraph(", ".join(p["skills"]))
    doc.save(str(path))
    return path


def write_tables_docx(p: dict[str, Any], path: Path) -> Path:
    """A one-row header table (name | contact), then each section as a dates | content table."""
    doc = Document()
    top = doc.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    name = left.paragraphs[0].add_run(p["name"])
    name.bold, name.font.size = True, Pt(20)
    left.add_paragraph(p["label"])
    right.paragraphs[0].add_run(p["email"])
    for extra in [p["phone"], *p["links"], p["location"]]:
        right.add_paragraph(extra)
    for heading in p["headings"]:
        para = doc.add_paragraph()
        run = para.add_run(heading.upper())
        run.bold, run.font.size = True, Pt(13)
        if "Experience" in heading:
            table = doc.add_table(rows=0, cols=2)
            for j in p["work"]:
                row = table.add_row().cells
                row[0].paragraphs[0].add_run(
                    f"{month_year(j['start'], 'numeric')} – {month_year(j['end'], 'numeric')}"
                )
                row[1].paragraphs[0].add_run(j["company"]).bold = True
                row[1].add_paragraph().add_run(f"{j['title']}, {j['location']}").italic = True
                for b in j["bullets"]:
                    row[1].add_paragraph(f"• {b}")
        elif heading == "Education":
            table = doc.add_table(rows=0, cols=2)
            for s in p["education"]:
                row = table.add_row().cells
                row[0].paragraphs[0].add_run(
                    f"{month_year(s['start'], 'numeric')} – {month_year(s['end'], 'numeric')}"
                )
                row[1].paragraphs[0].add_run(s["institution"]).bold = True
                row[1].add_paragraph(f"{s['degree']} in {s['area']}")
        else:
            table = doc.add_table(rows=0, cols=3)
            skills = p["skills"]
            for i in range(0, len(skills), 3):
                cells = table.add_row().cells
                for cell, skill in zip(cells, skills[i : i + 3], strict=False):
                    cell.paragraphs[0].add_run(skill)
    doc.save(str(path))
    return path


def _text_box(lines: list[tuple[str, bool]]) -> Any:
    paras = "".join(
        f'<w:p><w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">'
        f"{text}</w:t></w:r></w:p>"
        for text, bold in lines
    )
    return parse_xml(
        f'<w:r {_NS}><w:pict><v:shape style="position:absolute;width:160pt;height:140pt">'
        f"<v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def write_header_docx(p: dict[str, Any], path: Path) -> Path:
    """Name and contact in the page header (many ATS skip it), skills in a text box."""
    doc = Document()
    header = doc.sections[0].header
    first = header.paragraphs[0]
    run = first.add_run(p["name"])
    run.bold, run.font.size = True, Pt(18)
    header.add_paragraph(p["label"])
    header.add_paragraph(f"{p['email']} · {p['phone']} · {p['links'][0]} · {p['location']}")
    for heading in p["headings"]:
        if heading == "Skills":
            anchor = doc.add_paragraph()
            anchor._p.append(_text_box([("SKILLS", True), *[(s, False) for s in p["skills"]]]))
            continue
        para = doc.add_paragraph()
        run = para.add_run(heading.upper())
        run.bold, run.font.size = True, Pt(14)
        if heading == "Profile":
            doc.add_paragraph(p["summary"])
        elif heading == "Experience":
            for j in p["work"]:
                line = doc.add_paragraph()
                _right_tab(line)
                line.add_run(j["company"]).bold = True
                line.add_run(
                    f", {j['location']}\t{month_year(j['start'])} – {month_year(j['end'])}"
                )
                doc.add_paragraph().add_run(j["title"]).italic = True
                for b in j["bullets"]:
                    doc.add_paragraph(b, style="List Bullet")
        elif heading == "Education":
            for s in p["education"]:
                line = doc.add_paragraph()
                _right_tab(line)
                line.add_run(s["institution"]).bold = True
                line.add_run(f"\t{month_year(s['start'])} – {month_year(s['end'])}")
                doc.add_paragraph(f"{s['degree']}, {s['area']}")
    doc.save(str(path))
    return path


def write_libreoffice_docx(p: dict[str, Any], path: Path) -> Path:
    """Capitalised bold headings, "Employer, Place" then "Title<tab>Dates" on a right tab."""
    doc = Document()
    title = doc.add_paragraph()
    run = title.add_run(p["name"])
    run.bold, run.font.size = True, Pt(22)
    doc.add_paragraph(p["label"])
    doc.add_paragraph(f"{p['location']}  •  {p['phone']}  •  {p['email']}")
    for heading in p["headings"]:
        para = doc.add_paragraph()
        run = para.add_run(heading.upper())
        run.bold, run.font.size = True, Pt(12)
        if heading == "Summary":
            doc.add_paragraph(p["summary"])
        elif heading == "Experience":
            for j in p["work"]:
                doc.add_paragraph().add_run(f"{j['company']}, {j['location']}").bold = True
                line = doc.add_paragraph()
                _right_tab(line)
                line.add_run(j["title"]).italic = True
                line.add_run(f"\t{month_year(j['start'], 'long')} – {month_year(j['end'], 'long')}")
                for b in j["bullets"]:
                    doc.add_paragraph(b, style="List Bullet")
        elif heading == "Education":
            for s in p["education"]:
                line = doc.add_paragraph()
                _right_tab(line)
                line.add_run(s["institution"]).bold = True
                line.add_run(f"\t{month_year(s['end'], 'long')}")
                doc.add_paragraph(f"{s['degree']} in {s['area']}")
        elif heading == "Skills":
            doc.add_paragraph(" • ".join(p["skills"]))
    doc.save(str(path))
    return path
