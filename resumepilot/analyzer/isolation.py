"""Reading an uploaded file in a worker process that is killed at a hard time limit.

The parsers (pdfium, lxml) run native code that a hostile file can keep busy or swell in
memory where an in-process deadline check never gets a turn; a separate process can be
stopped whatever it is doing, and its address space is capped. Starting a process costs
~0.8 s (multiprocessing re-imports the main module in each child), so a few long-lived
workers serve one file at a time each; one that overruns the limit or dies is killed and
replaced, and each is retired after a number of files to bound any slow leak in the parsers.
Workers come from a forkserver, never from forking the threaded web process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import queue
import threading
from dataclasses import asdict
from typing import Any

from resumepilot.ai.postings import Keyword, Posting, Requirement
from resumepilot.documents.reading import DocumentError, ReadingTimedOut
from resumepilot.documents.reading.errors import DocumentTooLarge

# Seconds a reading may take; the in-process Deadline (10 s) fires first for ordinary slow
# files, this one stops code that never checks it.
HARD_LIMIT_SECONDS = 20.0
# Address space of one worker: pdfium on a large resume stays well under 1 GB.
MEMORY_LIMIT_BYTES = 2 * 1024**3
FILES_PER_WORKER = 200
_PRELOAD = ["resumepilot.analyzer.report", "resumepilot.documents.reading.pdf"]
_context_lock = threading.Lock()
_context: Any = None
_idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()


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


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """A worker's loop: one (data, filename, posting) in, one (kind, payload) out."""
    import resource

    from resumepilot.analyzer.report import analyze_file

    # ValueError/OSError: a lower hard limit is already in place, which is fine.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    while True:
        try:
            data, filename, posting = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = analyze_file(data, filename, _posting_from(posting)).as_dict()
            reply: tuple[str, Any] = ("ok", result)
        except DocumentError as exc:
            reply = ("document_error", (exc.message, exc.status_code, exc.code))
        except MemoryError:
            reply = ("memory", None)
        except Exception as exc:  # a parser bug: reported as unreadable, never a 500 or a hang
            reply = ("crash", f"{type(exc).__name__}: {exc}"[:300])
        conn.send(reply)


class _Worker:
    def __init__(self) -> None:
        ctx = _mp_context()
        self.conn, child_end = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()
        self.served = 0

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


def _checkout() -> _Worker:
    while True:
        try:
            worker = _idle.get_nowait()
        except queue.Empty:
            return _Worker()
        if worker.process.is_alive():
            return worker
        worker.kill()


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
    """analyze_file(...).as_dict() computed in a worker process; DocumentError when the file
    is unusable or its reading passed `seconds`. Blocking: call it from a thread."""
    worker = _checkout()
    kind: str = "memory"
    payload: Any = None
    keep = False
    try:
        worker.conn.send((data, filename, asdict(posting) if posting else None))
        if not worker.conn.poll(seconds):
            raise ReadingTimedOut(
                f"Reading this file took longer than {seconds:.0f} seconds, so we stopped. "
                "Export it again as a simple PDF or DOCX and upload that."
            )
        with contextlib.suppress(EOFError, OSError):  # died without a word: memory, or a crash
            kind, payload = worker.conn.recv()
            worker.served += 1
            keep = worker.served < FILES_PER_WORKER
    finally:
        if keep:
            _idle.put(worker)
        else:
            worker.kill()
    if kind == "ok":
        assert isinstance(payload, dict)
        return payload
    if kind == "document_error":
        message, status_code, code = payload
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
