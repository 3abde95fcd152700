"""The text fields of a multipart/form-data body, checked as the body streams past.

Multipart forms carry files (recordings, resumes to analyze) beside text (a job posting, the
CSRF token). The files are any bytes and are the readers' business; the text fields go to the
database like any other form field, so they get web.text_input's check. The body is not held:
each chunk is fed to python-multipart's push parser on its way to the app, and only the text
parts are kept, until each ends.
"""

from __future__ import annotations

from collections.abc import Callable

try:
    from python_multipart.multipart import MultipartParser, parse_options_header
except ImportError:  # python-multipart before 0.0.13 named its package `multipart`
    from multipart.multipart import (  # type: ignore[no-redef,import-not-found,import-untyped,unused-ignore]
        MultipartParser,
        parse_options_header,
    )

__all__ = ["MultipartTextScanner", "parse_options_header"]

from resumepilot.errors import InvalidText

# (field name, field value) -> what is wrong with them, if anything.
FieldCheck = Callable[[bytes, bytes], InvalidText | None]


class MultipartTextScanner:
    """Feed it the body's chunks; `problem` is the first text field that cannot be stored."""

    def __init__(self, boundary: bytes, field_problem: FieldCheck):
        self.problem: InvalidText | None = None
        self._field_problem = field_problem
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._disposition = b""
        self._name: bytes | None = None  # the current part's name while it is a text field
        self._value = bytearray()
        self._broken = False
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._part_begin,
                "on_header_field": lambda data, start, end: self._header_name.extend(
                    data[start:end]
                ),
                "on_header_value": lambda data, start, end: self._header_value.extend(
                    data[start:end]
                ),
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )

    def feed(self, chunk: bytes) -> None:
        if self.problem is not None or self._broken or not chunk:
            return
        try:
            self._parser.write(chunk)
        except Exception:  # a malformed body is for the app's own form parser to report
            self._broken = True

    def _part_begin(self) -> None:
        self._disposition = b""
        self._name = None
        self._value.clear()

    def _header_end(self) -> None:
        if bytes(self._header_name).lower() == b"content-disposition":
            self._disposition = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"filename" not in options:
            self._name = options.get(b"name", b"")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._name is not None:
            self._value.extend(data[start:end])

    def _part_end(self) -> None:
        if self._name is not None and self.problem is None:
            self.problem = self._field_problem(self._name, bytes(self._value))
