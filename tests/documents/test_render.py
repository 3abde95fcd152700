"""Every template in every format: all the text there, in reading order, on the expected pages."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from resumepilot.documents.escape import smarten
from resumepilot.documents.render import render_resume
from resumepilot.documents.resume import ResumeError
from resumepilot.documents.roles import UnknownRoleError
from resumepilot.documents.themes import UnknownTemplateError
from tests.documents.conftest import (
    HOSTILE,
    TEMPLATES,
    docx_parts,
    docx_text,
    docx_xml,
    missing_from,
    need_engine,
    pdf_pages,
    pdf_text,
    squash,
)


def _long(sample: dict[str, Any], copies: int) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    data["work"] = [copy.deepcopy(w) for _ in range(copies) for w in sample["work"]]
    return data


@pytest.mark.parametrize("template", TEMPLATES)
def test_pdf_has_all_text_on_one_page(sample: dict, template: str) -> None:
    result = render_resume(sample, template, "pdf")
    assert result.media_type == "application/pdf"
    assert result.filename == f"amelie-oconnor-zak-{template}.pdf"
    assert result.page_count == pdf_pages(result.content) == 1
    text = pdf_text(result.content)
    assert missing_from(text, sample) == []
    # Dates are printed the way people write them, with an en dash.
    assert "Mar 2021 \u2013 Present" in text
    # Reading order: sections come out in the order printed (ATS parsers read linearly).
    flat = squash(text)
    assert flat.index("experience") < flat.index("skills") < flat.index("education")


@pytest.mark.parametrize("template", TEMPLATES)
def test_docx_has_all_text_headings_and_lists(sample: dict, template: str) -> None:
    result = render_resume(sample, template, "docx")
    assert result.filename.endswith(".docx")
    assert result.page_count == 1 and not result.page_count_exact
    assert missing_from(docx_text(result.content), sample) == []
    xml = docx_xml(result.content)
    assert xml.count('<w:pStyle w:val="Heading1"/>') >= 6
    assert xml.count('<w:pStyle w:val="ListBullet"/>') == 9
    assert "<w:drawing" not in xml  # text, never pictures of text
    assert not [p for p in docx_parts(result.content) if p.endswith((".png", ".jpeg", ".jpg"))]


@pytest.mark.parametrize("template", TEMPLATES)
def test_latex_compiles_with_all_text_on_one_page(sample: dict, template: str) -> None:
    need_engine("pdflatex")
    result = render_resume(sample, template, "latex", compile_latex=True)
    assert result.engine == "pdflatex"
    assert result.page_count == 1 and result.page_count_exact
    from resumepilot.documents.formats.sandbox import compile_latex

    text = pdf_text(compile_latex(result.text, "pdflatex").pdf)
    assert missing_from(text, sample) == []
    assert "Mar 2021 \u2013 Present" in text


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("fmt", ["pdf", "docx", "latex"])
def test_hostile_text_prints_literally(hostile: dict, template: str, fmt: str) -> None:
    result = render_resume(hostile, template, fmt)
    if fmt == "pdf":
        text = pdf_text(result.content)
    elif fmt == "docx":
        text = docx_text(result.content)
    else:
        need_engine("pdflatex")
        from resumepilot.documents.formats.sandbox import compile_latex

        text = pdf_text(compile_latex(result.text, result.engine or "pdflatex").pdf)
    flat = squash(text)
    lost = [h for h in HOSTILE if squash(smarten(h)) not in flat]
    assert lost == []
    assert "root:x:0:0" not in text  # \input{/etc/passwd} was printed, not executed


def test_typst_source_is_escaped(hostile: dict) -> None:
    source = render_resume(hostile, "classic", "typst").text
    assert '#import "x"' not in source
    assert "\\#import \\u201c" not in source and "\\#import" in source


def test_long_resume_takes_two_pages_and_fit_tightens_it(sample: dict) -> None:
    long = _long(sample, 2)
    loose = render_resume(long, "classic", "pdf")
    assert loose.page_count == 2
    fitted = render_resume(long, "classic", "pdf", fit_one_page=True)
    assert fitted.page_count == pdf_pages(fitted.content) == 1
    assert fitted.fits_one_page is True and fitted.fit_step > 0 and not fitted.warnings
    assert missing_from(pdf_text(fitted.content), long) == []
    # The same tightened layout reaches the other formats.
    need_engine("pdflatex")
    tex = render_resume(long, "classic", "latex", fit_one_page=True, compile_latex=True)
    assert tex.page_count == 1


def test_fit_never_goes_below_nine_point_and_says_so(sample: dict) -> None:
    result = render_resume(_long(sample, 6), "modern", "pdf", fit_one_page=True)
    assert result.page_count >= 2 and result.fits_one_page is False
    assert result.warnings and "9 pt" in result.warnings[0]
    assert (
        "#set text(font: "
        in render_resume(_long(sample, 6), "modern", "typst", fit_one_page=True).text
    )
    assert "size: 9pt" in render_resume(_long(sample, 6), "modern", "typst", fit_one_page=True).text


def test_role_moves_education_first(sample: dict) -> None:
    flat = squash(pdf_text(render_resume(sample, "classic", "pdf", role="new_graduate").content))
    assert flat.index("education") < flat.index("experience")
    result = render_resume(sample, "classic", "pdf", role="software_engineer")
    flat = squash(pdf_text(result.content))
    assert flat.index("experience") < flat.index("education")


def test_researcher_puts_publications_before_experience(sample: dict) -> None:
    sample["publications"] = [
        {"name": "Queues on Postgres", "publisher": "VLDB", "releaseDate": "2022"}
    ]
    flat = squash(pdf_text(render_resume(sample, "academic", "pdf", role="researcher").content))
    assert flat.index("publications") < flat.index("experience")
    assert "queuesonpostgres" in flat


def test_bad_input_is_refused(sample: dict) -> None:
    with pytest.raises(UnknownTemplateError):
        render_resume(sample, "../../etc/passwd", "pdf")
    with pytest.raises(UnknownRoleError):
        render_resume(sample, "classic", "pdf", role="astronaut")
    with pytest.raises(ResumeError, match=r"work\[0\]\.endDate"):
        render_resume({"work": [{"endDate": "someday"}]}, "classic", "pdf")


def test_overleaf_fields(sample: dict) -> None:
    from urllib.parse import unquote

    from resumepilot.documents.render import overleaf_fields

    fields = overleaf_fields(sample, "modern")
    assert fields["engine"] == "pdflatex"
    assert fields["snip_name"].endswith(".tex")
    latex = unquote(fields["encoded_snip"])
    assert latex.startswith("\\documentclass") and "Northwind Payments" in latex
    assert "\n" not in fields["encoded_snip"] and "&" not in fields["encoded_snip"]


def _link_targets(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    annotations = PdfReader(io.BytesIO(pdf)).pages[0].get("/Annots", [])
    return [a.get_object()["/A"]["/URI"] for a in annotations if "/A" in a.get_object()]


def test_links_survive_escaping_identically_in_pdf_and_latex(hostile: dict) -> None:
    want = "https://example.com/a_b?q=1&r=%7E2#frag%7Ex"
    typst_links = _link_targets(render_resume(hostile, "classic", "pdf").content)
    assert want in typst_links and "mailto:amelie@example.com" in typst_links
    need_engine("pdflatex")
    from resumepilot.documents.formats.sandbox import compile_latex

    latex = render_resume(hostile, "classic", "latex").text
    assert _link_targets(compile_latex(latex).pdf) == typst_links


def test_word_style_ids_are_those_of_the_docx_template():
    # word.py writes style ids directly (for speed); they must name the template's styles.
    import docx

    from resumepilot.documents.formats.word import _STYLE_IDS

    styles = docx.Document().styles
    assert {name: styles[name].style_id for name in _STYLE_IDS} == _STYLE_IDS
