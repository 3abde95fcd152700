"""Reading an uploaded file in a child process that is killed at a hard time limit.

The parsers (pdfium, lxml) run native code that a hostile file can keep busy or swell in
memory where an in-process deadline check never gets a turn; a separate process can be
stopped whatever it is doing, and its address space is capped. Children fork from a
forkserver that has the analyzer imported already, so each one starts in milliseconds.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import threading
from dataclasses import asdict
from typing import Any

from resumepilot.ai.postings import Keyword, Posting, Requirement
from resumepilot.documents.reading import DocumentError, ReadingTimedOut
from resumepilot.documents.reading.errors import DocumentTooLarge

# Seconds a reading may take, start-up included; the in-process Deadline (10 s) fires first
# for ordinary slow files, this one stops code that never checks it.
HARD_LIMIT_SECONDS = 20.0
# Address space of one child: pdfium on a large resume stays well under 1 GB.
MEMORY_LIMIT_BYTES = 2 * 1024**3
_PRELOAD = ["resumepilot.analyzer.report", "resumepilot.documents.reading.pdf"]
_context_lock = threading.Lock()
_context: Any = None


def _mp_context() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
            _context = ctx
        return _context


def _posting_from(data: dict[str, Any] | None) -> Posting | None:
    if data is None:
        return None
    requirements = [Requirement(**r) for r in data.get("requirements", [])]
    keywords = [Keyword(**k) for k in data.get("keywords", [])]
    return Posting(
        title=data.get("title", ""),
        company=data.get("company", ""),
        requirements=requirements,
        responsibilities=list(data.get("responsibilities", [])),
        keywords=keywords,
    )


def _child(
    conn: multiprocessing.connection.Connection,
    data: bytes,
    filename: str | None,
    posting: dict[str, Any] | None,
) -> None:
    import resource

    from resumepilot.analyzer.report import analyze_file

    # ValueError/OSError: a lower hard limit is already in place, which is fine.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    try:
        result = analyze_file(data, filename, _posting_from(posting)).as_dict()
        conn.send(("ok", result))
    except DocumentError as exc:
        conn.send(("document_error", (type(exc).__name__, exc.message, exc.status_code, exc.code)))
    except MemoryError:
        conn.send(("memory", None))
    except Exception as exc:  # a parser bug: reported as unreadable, never a 500 or a hang
        conn.send(("crash", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


class UnreadableDocument(DocumentError):
    """The parsers failed on this file in a way they do not name (a damaged file, usually)."""

    code = "malformed_document"


def analyze_isolated(
    data: bytes,
    filename: str | None,
    posting: Posting | None,
    *,
    seconds: float = HARD_LIMIT_SECONDS,
) -> dict[str, Any]:
    """analyze_file(...).as_dict() computed in a child process; DocumentError when the file
    is unusable or its reading passed `seconds`. Blocking: call it from a thread."""
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child,
        args=(sender, data, filename, asdict(posting) if posting else None),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise ReadingTimedOut(
                f"Reading this file took longer than {seconds:.0f} seconds, so we stopped. "
                "Export it again as a simple PDF or DOCX and upload that."
            )
        try:
            kind, payload = receiver.recv()
        except EOFError:  # the child died without a word: killed for memory, or crashed
            kind, payload = "memory", None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
    if kind == "ok":
        assert isinstance(payload, dict)
        return payload
    if kind == "document_error":
        _name, message, status_code, code = payload
        error = DocumentError(message, status_code=status_code)
        error.code = code
        raise error
    if kind == "memory":
        raise DocumentTooLarge(
            "This file needs more memory to read than a resume can. Export it again without "
            "large images and upload that."
        )
    raise UnreadableDocument(
        "We could not read this file: it looks damaged. Open it in the program that made it, "
        "export it again as PDF or DOCX and upload that."
    )
