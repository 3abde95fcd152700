"""Files that are not a readable resume get a typed 4xx error with a message, never a crash."""

from __future__ import annotations

import io
import zipfile

import pytest

from resumepilot.documents.reading import (
    DocumentError,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    Limits,
    MalformedDocument,
    NotAResume,
    UnsupportedDocument,
    parse_resume,
    read_document,
)
from resumepilot.errors import AppError
from tests.analyzer.conftest import corpus_file, docx_bomb, encrypted_pdf


def _refused(
    data: bytes, kind: type[DocumentError], name: str = "resume.pdf", limits: Limits | None = None
) -> DocumentError:
    with pytest.raises(kind) as info:
        parse_resume(data, name, limits)
    error = info.value
    assert isinstance(error, AppError) and 400 <= error.status_code < 500
    assert len(error.message) > 30 and "Traceback" not in error.message
    return error


def test_encrypted_pdf_says_so() -> None:
    error = _refused(encrypted_pdf(), EncryptedDocument)
    assert "password" in error.message


def test_truncated_pdf_is_malformed() -> None:
    data = corpus_file("typst_chef.pdf")
    _refused(data[: len(data) // 3], MalformedDocument)


def test_docx_zip_bomb_is_refused_before_inflating() -> None:
    error = _refused(docx_bomb(), DocumentTooLarge, "resume.docx")
    assert error.status_code == 413


def test_docx_over_the_total_inflated_limit_is_refused() -> None:
    limits = Limits(max_unzipped_bytes=1_000_000, max_zip_ratio=10_000)
    _refused(docx_bomb(2_000_000), DocumentTooLarge, "resume.docx", limits)


def test_renamed_non_documents_are_unsupported() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    assert _refused(png, UnsupportedDocument, "resume.pdf").status_code == 415
    _refused(
        b"Just some notes, not a resume file at all.\n" * 5, UnsupportedDocument, "resume.docx"
    )


def test_zip_that_is_not_a_word_file() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photo.txt", "hello")
    error = _refused(buf.getvalue(), MalformedDocument, "resume.docx")
    assert "word/document.xml" in error.message


def test_old_or_protected_word_file() -> None:
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, EncryptedDocument, "cv.doc")


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_file(data: bytes) -> None:
    _refused(data, EmptyDocument)


def test_too_many_bytes_and_pages(long_pdf: bytes) -> None:
    _refused(corpus_file("typst_chef.pdf"), DocumentTooLarge, limits=Limits(max_bytes=1000))
    error = _refused(long_pdf, DocumentTooLarge)
    assert "13 pages" in error.message  # twelve page breaks, thirteen pages


def test_a_pdf_that_is_not_a_resume(long_pdf: bytes) -> None:
    _refused(long_pdf, NotAResume, limits=Limits(max_pages=20))


def test_a_pdf_without_text_is_empty() -> None:
    from pathlib import Path

    import typst

    path = Path("/tmp") / "rp-blank.typ"
    path.write_text("#rect(width: 4cm, height: 3cm, fill: black)", "utf-8")
    try:
        blank = typst.compile(str(path))
    finally:
        path.unlink()
    error = _refused(blank, EmptyDocument)
    assert "scan" in error.message


def test_a_good_file_still_reads_under_default_limits() -> None:
    document = read_document(corpus_file("latex_twopage_engineer.pdf"))
    assert document.pages == 2 and "Lonestar Payments" in document.text


def test_docx_with_an_oversized_body_part_is_refused() -> None:
    limits = Limits(max_zip_ratio=10_000, max_xml_part_bytes=1_000_000)
    _refused(docx_bomb(1_500_000), DocumentTooLarge, "resume.docx", limits)
