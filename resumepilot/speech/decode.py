"""Any uploaded recording to 16 kHz mono PCM, with limits, using PyAV (FFmpeg).

Size is checked before anything is parsed, the length from the container header before
decoding (so a two-hour file is refused at once), and again while decoding, since browser
recordings (MediaRecorder webm) often carry no duration at all.
"""

from __future__ import annotations

import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from resumepilot.speech.errors import (
    DamagedRecording,
    EmptyRecording,
    NotAudio,
    RecordingTooLarge,
    RecordingTooLong,
)
from resumepilot.speech.models import SAMPLE_RATE, Audio

FORMATS_HELP = "webm/opus, ogg, wav, mp3 or m4a"
# Container and codec names as FFmpeg reports them.
CONTAINERS = {
    "matroska,webm",
    "ogg",
    "wav",
    "mp3",
    "mov,mp4,m4a,3gp,3g2,mj2",
    "aac",
    "flac",
    "webm",
}
CODECS = {
    "opus",
    "vorbis",
    "mp3",
    "mp3float",
    "aac",
    "flac",
    "alac",
    "pcm_s16le",
    "pcm_s24le",
    "pcm_s32le",
    "pcm_f32le",
    "pcm_f64le",
    "pcm_u8",
    "pcm_mulaw",
    "pcm_alaw",
    "pcm_s16be",
    "adpcm_ms",
    "adpcm_ima_wav",
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50_000_000
    max_seconds: float = 600.0


def _megabytes(n: float) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _minutes(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} seconds"
    return f"{seconds / 60:.0f} minutes"


def decode(source: bytes | str | os.PathLike[str], limits: Limits | None = None) -> Audio:
    """The recording as 16 kHz mono int16 samples; a SpeechInputError says what is wrong."""
    limits = limits or Limits()
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    if size == 0:
        raise EmptyRecording()
    if size > limits.max_bytes:
        raise RecordingTooLarge(
            f"The recording is {_megabytes(size)}; the largest accepted is "
            f"{_megabytes(limits.max_bytes)}. Record a shorter answer, or upload a compressed "
            f"format ({FORMATS_HELP})."
        )
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    import av

    try:
        container = av.open(io.BytesIO(data), metadata_errors="ignore")
    except (av.error.FFmpegError, ValueError, OSError):
        if _looks_like_audio(data):
            raise _damaged(0, None) from None
        raise NotAudio(
            f"This file is not a recording we can read. Upload an audio file "
            f"({FORMATS_HELP}), or record your answer in the browser."
        ) from None
    with container:
        audio = _decode_container(container, limits)
    if _cut_off(data):
        raise _damaged(len(audio.samples), None)
    return audio


def _looks_like_audio(data: bytes) -> bool:
    """Whether the first bytes are those of an audio container (so a failure means damage)."""
    head = data[:12]
    return (
        head.startswith((b"RIFF", b"OggS", b"\x1aE\xdf\xa3", b"ID3", b"fLaC"))
        or head[4:8] == b"ftyp"
        or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
    )


def _cut_off(data: bytes) -> bool:
    """A WAV shorter than its data chunk says, or an Ogg stream without its last page: the
    upload stopped part way. (FFmpeg decodes what is there without complaint.)"""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        pos = 12
        while pos + 8 <= len(data):
            chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
            if chunk == b"data":
                # 0 and 0xFFFFFFFF mean "unknown" (written by streaming recorders).
                return size not in (0, 0xFFFFFFFF) and pos + 8 + size > len(data) + 1
            pos += 8 + size + (size & 1)
        return False
    if data[:4] == b"OggS":
        last = data.rfind(b"OggS", max(0, len(data) - 70_000))
        return last < 0 or not data[last + 5] & 0x04  # header type flag: end of stream
    return False


def _decode_container(container: Any, limits: Limits) -> Audio:
    import av

    fmt = container.format.name
    stream = next((s for s in container.streams if s.type == "audio"), None)
    if fmt not in CONTAINERS or stream is None or stream.codec_context.name not in CODECS:
        what = (
            "has no sound track"
            if stream is None
            else (f"is in a format we do not accept ({fmt}, {stream.codec_context.name})")
        )
        raise NotAudio(f"This file {what}. Upload an audio recording ({FORMATS_HELP}).")
    declared = _declared_seconds(container, stream)
    if declared is not None and declared > limits.max_seconds + 1:
        raise RecordingTooLong(
            f"The recording is {_minutes(declared)} long; the longest accepted is "
            f"{_minutes(limits.max_seconds)}. Record a shorter answer."
        )
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    max_samples = int(limits.max_seconds * SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    count = 0
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                count += len(chunk)
            if count > max_samples:
                raise RecordingTooLong(
                    f"The recording is longer than {_minutes(limits.max_seconds)}, the longest "
                    f"accepted. Record a shorter answer."
                )
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    except av.error.FFmpegError:
        raise _damaged(count, declared) from None
    samples = np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, np.int16)
    decoded = len(samples) / SAMPLE_RATE
    if len(samples) == 0 or (declared is not None and decoded < 0.9 * declared - 0.5):
        raise _damaged(len(samples), declared)
    return Audio(samples[:max_samples], source_format=fmt)


def _declared_seconds(container: Any, stream: Any) -> float | None:
    """The length the header claims, if it claims one."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000
    return None


def _damaged(decoded_samples: int, declared: float | None) -> DamagedRecording:
    got = decoded_samples / SAMPLE_RATE
    detail = f" (it stops after {got:.1f} of {declared:.1f} seconds)" if declared else ""
    return DamagedRecording(
        f"The recording is damaged or cut off{detail}. Upload the file again, "
        f"or record your answer again."
    )
