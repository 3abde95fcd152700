"""Reading a model's JSON reply: the one format every prompt of ours asks for."""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


class MalformedReply(ValueError):
    """The reply is empty or not JSON; the message says which, for the fallback reason."""


def json_reply(content: str | None) -> Any:
    """The JSON a model answered, with a Markdown code fence around it tolerated."""
    if not content or not content.strip():
        raise MalformedReply("empty reply")
    body = content.strip()
    fenced = _FENCE.search(body)
    if fenced:
        body = fenced.group(1)
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise MalformedReply(f"malformed JSON: {exc.msg}") from None
