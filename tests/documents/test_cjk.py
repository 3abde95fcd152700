"""Chinese, Japanese and Korean text: readable in PDF and Word, LaTeX switches to xelatex."""

from __future__ import annotations

import pytest

from resumepilot.documents.render import render_resume
from tests.documents.conftest import TEMPLATES, docx_text, docx_xml, missing_from, need, pdf_text

CJK_FONTS = "/usr/share/fonts/opentype/noto"


@pytest.mark.parametrize("template", TEMPLATES)
def test_cjk_pdf_text_is_real_and_uses_a_cjk_font(cjk: dict, template: str) -> None:
    from pathlib import Path

    need(Path(CJK_FONTS).is_dir(), f"{CJK_FONTS} is absent (apt-get install fonts-noto-cjk)")
    result = render_resume(cjk, template, "pdf")
    assert missing_from(pdf_text(result.content), cjk) == []
    # Glyphs come from an embedded CJK font, not tofu boxes.
    assert b"CJK" in result.content


def test_cjk_docx_has_text_and_east_asian_font(cjk: dict) -> None:
    result = render_resume(cjk, "classic", "docx")
    assert missing_from(docx_text(result.content), cjk) == []
    assert 'w:eastAsia="Noto Sans CJK SC"' in docx_xml(result.content, "word/styles.xml")


def test_cjk_latex_targets_xelatex_and_compiles(cjk: dict) -> None:
    result = render_resume(cjk, "modern", "latex")
    assert result.engine == "xelatex"
    assert "\\usepackage{fontspec}" in result.text and "xeCJK" in result.text
    assert "\\usepackage[utf8]{inputenc}" not in result.text
    from resumepilot.documents.formats.sandbox import compile_latex, engine_available

    need(engine_available("xelatex"), "xelatex is not installed")
    from pathlib import Path

    need(Path(CJK_FONTS).is_dir(), f"{CJK_FONTS} is absent")
    out = compile_latex(result.text, "xelatex")
    assert out.page_count == 1
    assert missing_from(pdf_text(out.pdf), cjk) == []


def test_accents_and_typography_everywhere(sample: dict) -> None:
    sample["basics"]["summary"] = 'Café "naïve" façade -- Straße... it\'s Ångström 2019--2020'
    want = "Café \u201cnaïve\u201d façade \u2013 Straße\u2026 it\u2019s Ångström 2019\u20132020"
    assert want in pdf_text(render_resume(sample, "classic", "pdf").content)
    assert want in docx_text(render_resume(sample, "classic", "docx").content)
    latex = render_resume(sample, "classic", "latex")
    assert latex.engine == "pdflatex"
    from resumepilot.documents.formats.sandbox import compile_latex, engine_available

    need(engine_available("pdflatex"), "pdflatex is not installed")
    # LaTeX sets \textellipsis as three spaced periods, and they extract as such.
    assert want.replace("\u2026", "...") in pdf_text(compile_latex(latex.text).pdf)
