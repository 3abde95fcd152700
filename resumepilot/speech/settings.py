"""Speech settings, read from any mapping (the environment by default).

Kept apart from resumepilot.config so the speech layer stays below the features; the app
can build one from its own Settings with `SpeechSettings.from_mapping(...)`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

PROVIDERS = ("builtin", "openai")


@dataclass(frozen=True)
class SpeechSettings:
    provider: str = "builtin"  # RESUMEPILOT_SPEECH_PROVIDER: builtin | openai
    openai_base_url: str | None = None  # OPENAI_BASE_URL
    openai_api_key: str | None = None  # OPENAI_API_KEY
    transcribe_model: str = "whisper-1"  # RESUMEPILOT_TRANSCRIBE_MODEL
    timeout_s: float = 60.0  # RESUMEPILOT_TRANSCRIBE_TIMEOUT: per request to the server
    max_bytes: int = 50_000_000  # RESUMEPILOT_SPEECH_MAX_BYTES: largest upload accepted
    max_seconds: float = 600.0  # RESUMEPILOT_SPEECH_MAX_SECONDS: longest recording accepted

    @classmethod
    def from_mapping(cls, values: Mapping[str, str] | None = None) -> SpeechSettings:
        """Settings from environment-style names; ValueError says which value is wrong."""
        env = os.environ if values is None else values
        provider = (env.get("RESUMEPILOT_SPEECH_PROVIDER") or "builtin").strip().lower()
        if provider not in PROVIDERS:
            raise ValueError(f"RESUMEPILOT_SPEECH_PROVIDER={provider!r}: use builtin or openai")
        return cls(
            provider=provider,
            openai_base_url=env.get("OPENAI_BASE_URL") or None,
            openai_api_key=env.get("OPENAI_API_KEY") or None,
            transcribe_model=(env.get("RESUMEPILOT_TRANSCRIBE_MODEL") or "whisper-1").strip(),
            timeout_s=_positive(env, "RESUMEPILOT_TRANSCRIBE_TIMEOUT", cls.timeout_s),
            max_bytes=int(_positive(env, "RESUMEPILOT_SPEECH_MAX_BYTES", cls.max_bytes)),
            max_seconds=_positive(env, "RESUMEPILOT_SPEECH_MAX_SECONDS", cls.max_seconds),
        )


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return float(default)
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be greater than 0")
    return value
