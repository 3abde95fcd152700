"""The upload decoder: every accepted format to 16 kHz mono, and a clear error for each kind
of bad file."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from resumepilot.speech.decode import Limits, decode
from resumepilot.speech.errors import (
    DamagedRecording,
    EmptyRecording,
    NotAudio,
    RecordingTooLarge,
    RecordingTooLong,
    SpeechInputError,
)
from tests.speech.conftest import dev_cases, encode, sox, tone


def peak_frequency(samples: np.ndarray, rate: int = 16_000) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.argmax(spectrum) * rate / len(samples))


def test_dev_recordings_decode_to_their_length() -> None:
    for case in dev_cases():
        audio = decode(case["path"])
        expected = (Path(case["path"]).stat().st_size - 44) / 2 / 16_000
        assert audio.samples.dtype == np.int16
        assert abs(audio.duration_s - expected) < 0.01, case["id"]
        assert np.abs(audio.samples).max() > 5_000  # speech, not a silent stream


@pytest.mark.parametrize(
    ("fmt", "codec"),
    [
        ("webm", "libopus"),
        ("ogg", "libopus"),
        ("mp3", "libmp3lame"),
        ("mp4", "aac"),
        ("wav", "pcm_s16le"),
    ],
)
def test_browser_and_common_formats_decode(fmt: str, codec: str) -> None:
    audio = decode(encode(tone(3.0, 48_000), 48_000, fmt, codec))
    assert abs(audio.duration_s - 3.0) < 0.1
    assert abs(peak_frequency(audio.samples) - 440) < 3


@pytest.mark.parametrize(("rate", "channels"), [(8_000, 1), (48_000, 2), (44_100, 2)])
def test_other_rates_and_stereo_are_resampled_to_16k_mono(rate: int, channels: int) -> None:
    audio = decode(encode(tone(2.0, rate, freq=1_000, channels=channels), rate, "wav", "pcm_s16le"))
    assert abs(audio.duration_s - 2.0) < 0.01
    assert abs(peak_frequency(audio.samples) - 1_000) < 2  # pitch kept: rate converted right
    # Both channels carried the same tone, so the mono mix keeps its level.
    assert 7_000 < np.abs(audio.samples).max() <= 8_100


def test_stereo_speech_file_made_by_sox_matches_the_mono_original(tmp_path: Path) -> None:
    case = dev_cases()[0]
    stereo = tmp_path / "stereo48k.wav"
    narrow = tmp_path / "phone8k.wav"
    sox(case["path"], "-r", "48000", "-c", "2", str(stereo))
    sox(case["path"], "-r", "8000", str(narrow))
    original = decode(case["path"])
    for path in (stereo, narrow):
        audio = decode(path)
        assert abs(audio.duration_s - original.duration_s) < 0.01
        n = min(len(audio.samples), len(original.samples))
        corr = np.corrcoef(audio.samples[:n].astype(float), original.samples[:n].astype(float))
        assert corr[0, 1] > 0.9, path.name  # the same speech, in time


def test_zero_bytes() -> None:
    with pytest.raises(EmptyRecording) as err:
        decode(b"")
    assert "empty" in err.value.message and err.value.status_code == 422


@pytest.mark.parametrize(
    "content",
    [
        b"Dear hiring manager,\nthis is a cover letter, not a recording.\n" * 20,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n" * 20,
        bytes(range(256)) * 40,
    ],
)
def test_a_file_that_is_not_audio_renamed_webm(tmp_path: Path, content: bytes) -> None:
    fake = tmp_path / "answer.webm"
    fake.write_bytes(content)
    with pytest.raises(NotAudio) as err:
        decode(fake)
    assert err.value.status_code == 415
    assert "not a recording" in err.value.message and "webm" in err.value.message


@pytest.mark.parametrize(
    ("fmt", "codec"),
    [
        ("webm", "libopus"),
        ("ogg", "libopus"),
        ("mp3", "libmp3lame"),
        ("mp4", "aac"),
        ("wav", "pcm_s16le"),
    ],
)
def test_truncated_upload_is_called_damaged(fmt: str, codec: str) -> None:
    whole = encode(tone(4.0, 48_000), 48_000, fmt, codec)
    with pytest.raises(DamagedRecording) as err:
        decode(whole[: len(whole) // 2])
    assert "damaged or cut off" in err.value.message and err.value.status_code == 422


def test_corrupt_bytes_inside_a_wav_header() -> None:
    data = bytearray(encode(tone(2.0, 16_000), 16_000, "wav", "pcm_s16le"))
    data[20:36] = b"\xff" * 16  # the fmt chunk: format, channels, rate
    with pytest.raises(SpeechInputError) as err:
        decode(bytes(data))
    assert err.value.status_code in (415, 422)


def test_too_large_is_refused_before_parsing() -> None:
    with pytest.raises(RecordingTooLarge) as err:
        decode(b"\0" * 2_000, Limits(max_bytes=1_000))
    assert err.value.status_code == 413 and "largest accepted" in err.value.message


def test_two_hour_file_is_refused_from_its_header(tmp_path: Path) -> None:
    long_file = tmp_path / "two_hours.flac"
    sox("-n", "-r", "16000", "-c", "1", str(long_file), "trim", "0", "7200")
    with pytest.raises(RecordingTooLong) as err:
        decode(long_file)
    # "is 120 minutes long" comes from the header, before any audio is decoded.
    assert "is 120 minutes long" in err.value.message and "10 minutes" in err.value.message
    assert err.value.status_code == 413


def test_length_is_enforced_while_decoding_when_the_header_has_none() -> None:
    recording = encode(tone(10.0, 48_000), 48_000, "webm", "libopus", streaming=True)
    assert abs(decode(recording).duration_s - 10.0) < 0.1
    with pytest.raises(RecordingTooLong) as err:
        decode(recording, Limits(max_seconds=5))
    assert "longer than 5 seconds" in err.value.message


def test_wav_with_unknown_length_is_accepted() -> None:
    # Streaming recorders write 0xFFFFFFFF as the data size; that is not a cut-off file.
    samples = tone(2.0, 16_000)[0].astype("<i2").tobytes()
    header = (
        b"RIFF"
        + struct.pack("<I", 0xFFFFFFFF)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, 16_000, 32_000, 2, 16)
        + b"data"
        + struct.pack("<I", 0xFFFFFFFF)
    )
    assert abs(decode(header + samples).duration_s - 2.0) < 0.01
