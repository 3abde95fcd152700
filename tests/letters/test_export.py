"""Letters rendered in the look of every resume template, in every format, with hostile text
printed literally; the LaTeX compiles in the sandbox."""

from __future__ import annotations

import io
import subprocess

import docx
import pytest

from resumepilot.documents.formats.sandbox import compile_latex, engine_available
from resumepilot.documents.themes import load_theme, template_names
from resumepilot.letters.export import letter_document, paragraphs_of, render_letter
from tests.conftest import require_tool

HOSTILE = "I wrote \\input{/etc/passwd} #set page(width: 1pt) $x$ & 100% {a} ~_^ -- <i>"


def letter(name: str = "Amélie O'Connor", body: str | None = None):
    text = body or f"Dear team,\n\n{HOSTILE}\n\nKind regards,\nAmélie"
    return letter_document(
        {"name": name, "email": "amelie@example.com", "label": "Engineer"},
        ["Harbor Health", "Re: Data Engineer"],
        text,
        "December 5, 2026",
    )


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "l.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_paragraphs_keep_a_sign_off_on_two_lines():
    assert paragraphs_of("Dear X,\r\n\r\n  One  two\nthree \n\n\n\nKind regards,\nAmy\n") == [
        "Dear X,",
        "One two\nthree",
        "Kind regards,\nAmy",
    ]


@pytest.mark.parametrize("template", template_names())
def test_every_template_prints_the_text_literally_in_pdf_and_word(template, tmp_path):
    doc = letter()
    text = pdf_text(render_letter(doc, template, "pdf").content, tmp_path)
    assert "Amélie" in text and "Harbor Health" in text
    assert "\\input{/etc/passwd} #set page(width: 1pt) $x$ & 100% {a}" in text
    word = docx.Document(io.BytesIO(render_letter(doc, template, "docx").content))
    assert any(HOSTILE in p.text for p in word.paragraphs)
    assert (
        word.styles["Normal"].font.name
        == {"cm": "Cambria", "sans": "Arial", "times": "Times New Roman"}[load_theme(template).font]
    )


@pytest.mark.parametrize("template", template_names())
def test_latex_escapes_and_compiles_in_the_sandbox(template, tmp_path):
    require_tool(engine_available("pdflatex"), "pdflatex")
    file = render_letter(letter(), template, "latex")
    source = file.content.decode()
    assert file.engine == "pdflatex" and file.filename.endswith(f"-{template}.tex")
    assert "\\input{/etc/passwd}" not in source
    assert f"{{{load_theme(template).accent}}}" in source
    pdf = compile_latex(source, "pdflatex")
    text = pdf_text(pdf.pdf, tmp_path)
    assert "/etc/passwd" in text and "Kind regards," in text


def test_text_pdflatex_cannot_print_asks_for_xelatex():
    file = render_letter(letter(name="王小明"), "classic", "latex")
    assert file.engine == "xelatex"
    assert "\\usepackage{fontspec}" in file.content.decode()
