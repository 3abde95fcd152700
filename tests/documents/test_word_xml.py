"""The Word body written as XML text: what python-docx (and so Word) reads back from it."""

from __future__ import annotations

import io

import docx

from resumepilot.documents.render import render_resume
from tests.documents.conftest import load_sample


def _read(resume: dict) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_resume(resume, "modern", "docx").content))


def test_markup_characters_tabs_and_breaks_read_back_as_written() -> None:
    resume = load_sample()
    resume["work"][0]["highlights"] = ['Cut <b>& "costs"</b> by 30%', "line one\nline two"]
    word = _read(resume)
    texts = [p.text for p in word.paragraphs]
    assert "Cut <b>& \u201ccosts\u201d</b> by 30%" in texts
    assert "line one\nline two" in texts
    entry = next(p for p in word.paragraphs if p.style.name == "Heading 2")
    assert "\t" in entry.text  # the date sits at the right tab stop


def test_characters_xml_cannot_hold_are_dropped_not_fatal() -> None:
    resume = load_sample()
    resume["basics"]["summary"] = "Bell\x07 and form feed\x0c gone"
    word = _read(resume)
    assert "Bell and form feed gone" in [p.text for p in word.paragraphs]


def test_each_link_target_is_one_relationship_and_the_title_is_set() -> None:
    resume = load_sample()
    url = "https://example.com/a?b=1&c=2"
    resume["basics"]["url"] = url
    resume["basics"]["profiles"] = [{"network": "Site", "url": url}]
    word = _read(resume)
    targets = [r.target_ref for r in word.part.rels.values() if r.is_external]
    assert targets.count(url) == 1
    assert word.core_properties.title == resume["basics"]["name"]
    assert word.core_properties.author == resume["basics"]["name"]
