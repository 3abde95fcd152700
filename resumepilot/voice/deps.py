"""Voice settings for endpoints: built once per process from Settings and the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends

from resumepilot.voice.models import VoiceSettings
from resumepilot.web.deps import AppSettings


@lru_cache(maxsize=8)
def _voice_settings(data_dir: Path) -> VoiceSettings:
    return VoiceSettings.from_env(data_dir)


async def voice_settings_of(settings: AppSettings) -> VoiceSettings:
    return _voice_settings(settings.data_dir)


Voice = Annotated[VoiceSettings, Depends(voice_settings_of)]
