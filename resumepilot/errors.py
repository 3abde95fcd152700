"""One error type for expected failures: a status and a message a user can act on.

web.errors renders every one of them the same way: as `{"error": {"code", "message", ...}}`
for the API (the "..." from details()) and as a page for the browser (page_template).
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """An expected failure, shown to the user as it is (never a 500)."""

    status_code = 400
    code = "bad_request"
    # The page a browser gets; it receives page_context().
    page_template = "error.html"

    def __init__(self, message: str, *, field: str | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if status_code is not None:
            self.status_code = status_code

    def details(self) -> dict[str, Any]:
        """Fields the JSON error carries beside code and message."""
        return {}

    def headers(self) -> dict[str, str]:
        """HTTP headers the JSON error carries."""
        return {}

    def page_context(self) -> dict[str, Any]:
        return {"message": self.message}


class NotAuthenticated(AppError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Please log in to continue."):
        super().__init__(message)


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class PageNotFound(NotFound):
    """No route answers this address (as opposed to a missing row behind a real route)."""

    def __init__(self, message: str = "There is nothing at this address."):
        super().__init__(message)

    def page_context(self) -> dict[str, Any]:
        return {"message": self.message, "title": "Not found"}


class MethodNotAllowed(AppError):
    status_code = 405
    code = "method_not_allowed"

    def __init__(self, method: str, allowed: list[str]):
        super().__init__(f"This address does not accept {method}; it accepts {', '.join(allowed)}.")
        self.allowed = allowed

    def details(self) -> dict[str, Any]:
        return {"allowed": self.allowed}

    def headers(self) -> dict[str, str]:
        return {"Allow": ", ".join(self.allowed)}


class BodyTooLarge(AppError):
    status_code = 413
    code = "body_too_large"

    def __init__(self, max_bytes: int | None = None):
        limit = f"the {max_bytes // 1000} kB" if max_bytes else "what"
        super().__init__(
            f"The request body is larger than {limit} this address accepts. "
            "Send less (a shorter text or a smaller file) and try again."
        )
        self.max_bytes = max_bytes

    def details(self) -> dict[str, Any]:
        return {"max_bytes": self.max_bytes} if self.max_bytes else {}


class InvalidText(AppError):
    """Text that is not valid Unicode, or holds NUL: PostgreSQL cannot store either, so it is
    refused at the edge, naming where it was found (e.g. `title`, `resume.basics.name`)."""

    status_code = 422
    code = "invalid_text"

    def __init__(self, field: str, problem: str):
        subjects = {"body": "The request body", "path": "The address"}
        subject = subjects.get(field, f"The field {field}")
        super().__init__(
            f"{subject} {problem}. Remove that character (it is often pasted in by accident "
            "from another program) and send it again.",
            field=field,
        )
        self.problem = problem

    def details(self) -> dict[str, Any]:
        return {"field": self.field, "fields": {self.field: self.problem}}


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class TooManyRequests(AppError):
    status_code = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after_seconds: int):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class ValidationFailed(AppError):
    """Several fields were rejected; each message says why."""

    status_code = 422
    code = "validation_failed"

    def __init__(self, errors: dict[str, str]):
        super().__init__("Please correct the highlighted fields.")
        self.errors = errors

    def details(self) -> dict[str, Any]:
        return {"fields": self.errors}


class ServiceBusy(AppError):
    """Every database connection stayed busy past the checkout timeout (overload, or a stalled
    database): say so and when to retry, rather than answer a 500."""

    status_code = 503
    code = "busy"

    def __init__(
        self,
        message: str = "ResumePilot is very busy right now. Nothing was saved; "
        "try again in a moment.",
        *,
        retry_after_seconds: int = 5,
    ):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}
