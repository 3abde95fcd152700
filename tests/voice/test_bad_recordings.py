"""Bad recordings through the upload endpoint: each gets a clear message and a 4xx, and leaves
no row, no job and no file behind. Other sample rates and stereo are accepted. A failed or
timed-out transcription can be tried again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.speech.conftest import encode, sox, speak, tone
from tests.voice.conftest import (
    ANSWER_TEXT,
    auth,
    db_rows,
    run_voice_jobs,
    start_voice,
    upload,
)


def _sox_bytes(tmp_path: Path, name: str, *effects: str, rate: str = "16000") -> bytes:
    out = tmp_path / name
    sox("-n", "-r", rate, "-c", "1", str(out), *effects)
    return out.read_bytes()


def _resampled(tmp_path: Path, rate: int, channels: int, fmt: str) -> bytes:
    source = speak(ANSWER_TEXT, tmp_path / "source.wav")
    out = tmp_path / f"answer-{rate}-{channels}.{fmt}"
    sox(str(source), "-r", str(rate), "-c", str(channels), str(out))
    return out.read_bytes()


BAD = {
    "zero_bytes": (lambda tmp: b"", 422, "empty"),
    "text_renamed_webm": (
        lambda tmp: b"Dear hiring manager, this is a letter, not a recording.\n" * 30,
        415,
        "not a recording",
    ),
    "truncated_webm": (
        lambda tmp: (lambda whole: whole[: len(whole) // 2])(
            encode(tone(4.0, 48_000), 48_000, "webm", "libopus")
        ),
        422,
        "damaged or cut off",
    ),
    "silence": (lambda tmp: _sox_bytes(tmp, "silence.wav", "trim", "0", "5"), 422, "silent"),
    "noise_only": (
        lambda tmp: _sox_bytes(tmp, "noise.wav", "synth", "5", "whitenoise", "vol", "0.3"),
        422,
        "noise",
    ),
    "two_hours": (
        lambda tmp: _sox_bytes(tmp, "two_hours.flac", "trim", "0", "7200"),
        413,
        "120 minutes",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_recording_is_refused_and_nothing_is_kept(
    vclient, vuser, database_url, files_root, tmp_path, case
) -> None:
    make, status, words = BAD[case]
    interview = start_voice(vclient, vuser)
    r = upload(vclient, vuser, interview, make(tmp_path), name="answer.webm")
    assert r.status_code == status, r.text
    message = r.json()["error"]["message"]
    assert words in message.lower() or words in message, message
    assert "Traceback" not in r.text
    rows = db_rows(
        database_url,
        "SELECT count(*) AS n FROM voice_answers WHERE session_id = %s",
        [interview["id"]],
    )
    assert rows == [{"n": 0}]
    jobs = db_rows(
        database_url,
        "SELECT count(*) AS n FROM procrastinate_jobs j "
        "JOIN voice_answers a ON a.id::text = j.args->>'answer_id' "
        "WHERE a.user_id = %s",
        [vuser["user_id"]],
    )
    assert jobs == [{"n": 0}]
    assert not list(files_root.glob(f"files/voice/{vuser['user_id']}/*"))
    # The interview is untouched: the same question still waits for its answer.
    again = vclient.get(f"/api/voice/{interview['id']}", headers=auth(vuser)).json()
    assert again["next_turn_number"] == interview["next_turn_number"]


@pytest.mark.parametrize(
    ("rate", "channels", "fmt"), [(8_000, 1, "wav"), (48_000, 2, "wav"), (48_000, 2, "ogg")]
)
def test_other_rates_and_stereo_are_transcribed(
    vclient, vuser, database_url, tmp_path, rate, channels, fmt
) -> None:
    interview = start_voice(vclient, vuser)
    r = upload(
        vclient, vuser, interview, _resampled(tmp_path, rate, channels, fmt), name=f"answer.{fmt}"
    )
    assert r.status_code == 202, r.text
    assert abs(r.json()["duration_s"] - 7) < 4
    run_voice_jobs(database_url)
    done = vclient.get(f"/api/voice/answers/{r.json()['id']}", headers=auth(vuser)).json()
    assert done["status"] == "ready", done
    assert {"team", "engineers"} & set(done["transcript"].lower().split())


def test_a_transcription_that_times_out_fails_and_can_be_retried(
    vclient, vuser, database_url, spoken_answer, monkeypatch
) -> None:
    interview = start_voice(vclient, vuser)
    answer = upload(vclient, vuser, interview, spoken_answer).json()
    # The worker's limit, read from its environment at each job; far below what a child
    # process needs just to start, so the transcription is killed mid-way.
    monkeypatch.setenv("RESUMEPILOT_VOICE_JOB_TIMEOUT", "0.05")
    run_voice_jobs(database_url)
    failed = vclient.get(f"/api/voice/answers/{answer['id']}", headers=auth(vuser)).json()
    assert failed["status"] == "failed"
    assert "took longer than" in failed["error"] and "Try again" in failed["error"]
    # Children of this test process only (other tests and workers may be transcribing).
    leftover = subprocess.run(
        ["pgrep", "-P", str(os.getpid()), "-f", "resumepilot.voice.transcribe_process"],
        capture_output=True,
        text=True,
    )
    assert leftover.stdout.strip() == "", "the timed-out child process was left running"

    monkeypatch.delenv("RESUMEPILOT_VOICE_JOB_TIMEOUT")
    r = vclient.post(f"/api/voice/answers/{answer['id']}/retry", headers=auth(vuser))
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "queued" and r.json()["attempts"] == 2
    run_voice_jobs(database_url)
    ready = vclient.get(f"/api/voice/answers/{answer['id']}", headers=auth(vuser)).json()
    assert ready["status"] == "ready" and ready["error"] is None
    again = vclient.post(f"/api/voice/answers/{answer['id']}/retry", headers=auth(vuser))
    assert again.status_code == 409


def test_upload_for_a_question_already_answered_is_refused(vclient, vuser, spoken_answer) -> None:
    interview = start_voice(vclient, vuser)
    r = upload(vclient, vuser, interview, spoken_answer, turn_number=5)
    assert r.status_code == 409 and "moved on" in r.json()["error"]["message"]


def test_confirming_before_the_transcript_is_ready_is_refused(
    vclient, vuser, spoken_answer
) -> None:
    interview = start_voice(vclient, vuser)
    answer = upload(vclient, vuser, interview, spoken_answer).json()
    r = vclient.post(
        f"/api/voice/answers/{answer['id']}/confirm",
        json={"text": "hello there"},
        headers=auth(vuser),
    )
    assert r.status_code == 409 and "no transcript yet" in r.json()["error"]["message"]
