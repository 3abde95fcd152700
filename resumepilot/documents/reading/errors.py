"""Why an uploaded resume cannot be read: typed errors with a message the user can act on."""

from __future__ import annotations

from resumepilot.errors import AppError


class DocumentError(AppError):
    """A file we will not or cannot read; 4xx, never stored."""

    status_code = 422
    code = "unreadable_document"


class UnsupportedDocument(DocumentError):
    status_code = 415
    code = "unsupported_document"


class DocumentTooLarge(DocumentError):
    status_code = 413
    code = "document_too_large"


class EncryptedDocument(DocumentError):
    code = "encrypted_document"


class MalformedDocument(DocumentError):
    code = "malformed_document"


class EmptyDocument(DocumentError):
    code = "empty_document"


class NotAResume(DocumentError):
    code = "not_a_resume"


class ReadingTimedOut(DocumentError):
    code = "reading_timed_out"
