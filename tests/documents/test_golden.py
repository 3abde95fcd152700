"""Golden LaTeX and Typst sources of the shipped sample: any change to output is deliberate.

Regenerate after an intended change with:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/documents/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resumepilot.documents.render import render_resume
from tests.documents.conftest import TEMPLATES, load_sample

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize(("fmt", "extension"), [("latex", "tex"), ("typst", "typ")])
def test_source_matches_golden(template: str, fmt: str, extension: str) -> None:
    source = render_resume(load_sample(), template, fmt).text
    path = GOLDEN / f"sample-{template}.{extension}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(source, encoding="utf-8")
    assert path.is_file(), f"{path} missing; run with UPDATE_GOLDEN=1 to create it"
    assert source == path.read_text(encoding="utf-8")
