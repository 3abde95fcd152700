"""Transcribes one recording in a process of its own: run as a module.

Reads {"path", "question", "role", "earlier"} as JSON on stdin and writes one JSON line:
{"ok": true, "transcript": {...}} or {"ok": false, "code", "message"}. A process per
recording uses every core (the decoder holds the GIL), and one that hangs can be killed.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def transcribe_request(request: dict[str, Any]) -> dict[str, Any]:
    from resumepilot.speech.errors import SpeechInputError
    from resumepilot.speech.models import Bias
    from resumepilot.speech.pipeline import build_transcriber, limits_from, transcribe_recording
    from resumepilot.speech.roles import role_terms
    from resumepilot.speech.settings import SpeechSettings

    settings = SpeechSettings.from_mapping()
    role = str(request.get("role") or "")
    bias = Bias(
        question=str(request.get("question") or "")[:2000],
        role_terms=role_terms(role) if role.strip() else [],
        earlier_text=str(request.get("earlier") or "")[-10_000:],
    )
    try:
        result = transcribe_recording(
            str(request["path"]), build_transcriber(settings), bias, limits_from(settings)
        )
    except SpeechInputError as exc:
        return {"ok": False, "code": exc.code, "message": exc.message}
    return {"ok": True, "transcript": result.as_dict()}


def main() -> None:
    request = json.loads(sys.stdin.read())
    sys.stdout.write(json.dumps(transcribe_request(request), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
