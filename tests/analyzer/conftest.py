"""Fixtures for the analyzer tests: the corpus and bad files made on the fly."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.analyzer.accuracy import CORPUS
from tests.conftest import IN_CI

SCHEMA = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "jsonresume"


def corpus_file(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def resume_schema() -> dict[str, Any]:
    path = SCHEMA / "schema.json"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} is required in CI but is absent")
        pytest.skip(f"{path} is absent")
    return json.loads(path.read_text("utf-8"))


def docx_bomb(inflated: int = 6_000_000) -> bytes:
    """A DOCX whose document part inflates ~1000 times: small on disk, huge in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * inflated)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(CORPUS / "typst_chef.pdf").pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def long_pdf() -> bytes:
    """Twelve pages of text: more than the page limit."""
    import typst

    source = "\n".join(f"= Page {i}\nSome text on page {i}.\n#pagebreak()" for i in range(12))
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"rp-long-{os.getpid()}.typ"
    path.write_text(source, "utf-8")
    try:
        return typst.compile(str(path))
    finally:
        path.unlink(missing_ok=True)
