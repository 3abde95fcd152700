"""Text PostgreSQL can store: no NUL and no UTF-16 surrogate.

PostgreSQL refuses NUL in text and jsonb, and a surrogate cannot be encoded as UTF-8 at all, so a
query holding either dies. In a Python str they come from JSON (`\\u0000`, or a lone `\\ud800`
without its pair) or from bytes that were not UTF-8, decoded with surrogateescape (which maps each
such byte to U+DC80..U+DCFF). The web edge refuses such text (web.text_input); signed Stripe events
are cleaned of it instead (clients.stripe).
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def first_unstorable(text: str) -> str | None:
    """The first character of `text` that PostgreSQL cannot store, or None if it stores whole."""
    found = _UNSTORABLE.search(text)
    return None if found is None else found.group()


def strip_unstorable(text: str) -> str:
    """`text` with every NUL and surrogate removed."""
    return _UNSTORABLE.sub("", text)


def escape_unstorable(text: str) -> str:
    """`text` with each NUL and surrogate spelled out as its escape (`\\u0000`), safe to show."""
    return _UNSTORABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
