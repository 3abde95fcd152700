"""The page-1 preview: Typst's SVG of the same layout as the PDF, safe to show in a page."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from resumepilot.documents.render import render_set
from tests.documents.conftest import TEMPLATES

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _preview(resume: dict[str, Any], template: str = "classic", **options: Any) -> ET.Element:
    made = render_set(resume, template, ("pdf",), preview=True, **options)
    assert made.preview_svg is not None
    return ET.fromstring(made.preview_svg)


@pytest.mark.parametrize("template", TEMPLATES)
def test_preview_is_one_svg_page_of_the_chosen_paper(sample: dict, template: str) -> None:
    letter = _preview(sample, template)
    assert letter.tag == SVG + "svg" and letter.get("viewBox") == "0 0 612 792"
    a4 = _preview(sample, template, paper="a4")
    width, height = (float(v) for v in a4.get("viewBox", "").split()[2:])
    assert (round(width), round(height)) == (595, 842)


def test_a_two_page_resume_previews_its_first_page_only(sample: dict) -> None:
    long = copy.deepcopy(sample)
    long["work"] = long["work"] * 6
    made = render_set(long, "classic", ("pdf",), preview=True)
    assert made.results["pdf"].page_count >= 2
    assert made.preview_svg is not None and made.preview_svg.count(b"<svg") == 1


def test_hostile_text_is_drawn_not_written_into_the_svg(hostile: dict) -> None:
    hostile = copy.deepcopy(hostile)
    hostile["basics"]["name"] = "Zed <script>alert(1)</script> Quux"
    hostile["basics"]["url"] = 'https://example.com/"><script>alert(2)</script>'
    root = _preview(hostile)
    elements = list(root.iter())
    assert not [e.tag for e in elements if e.tag.removeprefix(SVG) in ("script", "foreignObject")]
    assert not [a for e in elements for a in e.attrib if a.lower().startswith("on")]
    # Text is glyph outlines: none of the resume's words are in the markup.
    assert not re.search(rb"Quux|alert\(1", ET.tostring(root))
    links = [e.get(XLINK_HREF) or e.get("href") or "" for e in root.iter(SVG + "a")]
    assert links and all(re.match(r"(https://|http://|mailto:)", link) for link in links)
    assert all('"' not in link and "<" not in link for link in links)
