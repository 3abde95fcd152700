"""Logging set-up: one JSON object per line in production, readable lines on a laptop."""

from __future__ import annotations

import json as jsonlib
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from resumepilot.observability.request_context import current_request

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's coloured copy of the message
}
_REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")
_NOT_EXTRA = _RECORD_ATTRIBUTES | set(_REQUEST_FIELDS)
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


class RequestContextFilter(logging.Filter):
    """Stamps the current request's id, method, path and user on each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current_request()
        if context is not None:
            for name in ("request_id", "method", "path", "user_id"):
                if getattr(record, name, None) is None:
                    setattr(record, name, getattr(context, name))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _utc_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        for name, value in vars(record).items():
            if name not in _NOT_EXTRA and name not in entry and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        # default=str: a UUID or a path in `extra` must not lose the line.
        return jsonlib.dumps(entry, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


def configure_logging(
    json: bool, *, level: int | str = logging.INFO, stream: IO[str] | None = None
) -> logging.Handler:
    """Replaces the root logger's handlers with one that writes to `stream` (stderr).

    Pass `log_config=None` to uvicorn so it keeps this set-up; its access lines are muted
    because RequestContextMiddleware writes a richer one.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter() if json else PlainFormatter())
    root = logging.getLogger()
    for previous in list(root.handlers):
        root.removeHandler(previous)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    return handler


def _utc_time(created: float) -> str:
    moment = datetime.fromtimestamp(created, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
