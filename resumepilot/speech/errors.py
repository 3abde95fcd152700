"""What can be wrong with an uploaded recording, as messages a user can act on."""

from __future__ import annotations

from resumepilot.errors import AppError


class SpeechInputError(AppError):
    """A recording that cannot be transcribed; the message says why and what to do."""

    status_code = 422
    code = "speech_input"


class EmptyRecording(SpeechInputError):
    code = "empty_recording"

    def __init__(self) -> None:
        super().__init__(
            "The recording is empty (0 bytes). Record your answer again, or upload "
            "the file once more."
        )


class RecordingTooLarge(SpeechInputError):
    status_code = 413
    code = "recording_too_large"


class RecordingTooLong(SpeechInputError):
    status_code = 413
    code = "recording_too_long"


class NotAudio(SpeechInputError):
    status_code = 415
    code = "not_audio"


class DamagedRecording(SpeechInputError):
    code = "damaged_recording"


class NoSpeechFound(SpeechInputError):
    code = "no_speech"
