"""Fixtures of the resume builder's tests: the document fixtures they share with tests/documents."""

from __future__ import annotations

from tests.documents.conftest import hostile, sample

__all__ = ["hostile", "sample"]
