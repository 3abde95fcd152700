"""Helpers for the speech tests: the shared dev recordings, and audio made in the test with
espeak-ng, sox and PyAV (nothing large is committed)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import require_tool

VOICE_DIR = Path(__file__).resolve().parents[2].parent / "shared/eval/voice"


def dev_cases() -> list[dict[str, str]]:
    """The shared dev set ({id, text, wav path}); skips (fails in CI) when it is absent."""
    set_file = VOICE_DIR / "dev.jsonl"
    if not set_file.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"voice dev set missing at {VOICE_DIR}; CI must run it")
        pytest.skip(f"voice dev set not found at {VOICE_DIR} (it lives in ../shared)")
    cases = [json.loads(line) for line in set_file.read_text().splitlines() if line.strip()]
    for case in cases:
        case["path"] = str(VOICE_DIR / case["wav"])
    return cases


def need(tool: str) -> None:
    require_tool(shutil.which(tool) is not None, tool)


def speak(text: str, out: Path, voice: str = "en-us", speed: int = 150) -> Path:
    """espeak-ng reads `text` into a 16 kHz mono WAV at `out`."""
    need("espeak-ng")
    need("sox")
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    raw.unlink()
    return out


def sox(*args: str) -> None:
    need("sox")
    subprocess.run(["sox", *args], check=True, capture_output=True)


def tone(seconds: float, rate: int, freq: float = 440.0, channels: int = 1) -> np.ndarray:
    """A sine tone as int16, shape (channels, samples)."""
    t = np.arange(int(seconds * rate)) / rate
    wave = (np.sin(2 * np.pi * freq * t) * 8000).astype(np.int16)
    return np.tile(wave, (channels, 1))


class _Unseekable:
    """A write-only sink: muxers then leave out the duration, as browser recorders do."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.data += bytes(chunk)
        return len(chunk)

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return len(self.data)


def encode(
    samples: np.ndarray, rate: int, fmt: str, codec: str, *, streaming: bool = False
) -> bytes:
    """Encodes (channels, samples) int16 audio with PyAV into `fmt`; `streaming` writes it
    the way MediaRecorder does, with no duration in the header."""
    import av

    layout = "mono" if samples.shape[0] == 1 else "stereo"
    sink: io.BytesIO | _Unseekable = _Unseekable() if streaming else io.BytesIO()
    with av.open(sink, "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = layout
        frame = av.AudioFrame.from_ndarray(
            samples if layout == "mono" else np.ascontiguousarray(samples),
            format="s16" if layout == "mono" else "s16p",
            layout=layout,
        )
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return bytes(sink.data) if isinstance(sink, _Unseekable) else sink.getvalue()
