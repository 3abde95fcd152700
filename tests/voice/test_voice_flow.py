"""A voice interview through the API: start, upload, transcribe in the job, confirm the
corrected transcript into bullets, play the audio back, delete it all."""

from __future__ import annotations

from pathlib import Path

from tests.voice.conftest import (
    auth,
    db_rows,
    make_user,
    run_voice_jobs,
    start_voice,
    upload,
)


def test_spoken_answer_becomes_bullets(
    vclient, vuser, database_url, files_root: Path, spoken_answer: bytes
) -> None:
    interview = start_voice(vclient, vuser)
    assert interview["turns"][0]["speaker"] == "ai" and interview["next_turn_number"] == 2
    session = db_rows(
        database_url, "SELECT session_type FROM interview_sessions WHERE id = %s", [interview["id"]]
    )
    assert session == [{"session_type": "voice"}]

    r = upload(vclient, vuser, interview, spoken_answer)
    assert r.status_code == 202, r.text
    queued = r.json()
    assert queued["status"] == "queued" and queued["duration_s"] > 5
    stored = list(files_root.glob(f"files/voice/{vuser['user_id']}/{queued['id']}.wav"))
    assert len(stored) == 1 and stored[0].read_bytes() == spoken_answer

    run_voice_jobs(database_url)
    ready = vclient.get(f"/api/voice/answers/{queued['id']}", headers=auth(vuser)).json()
    assert ready["status"] == "ready", ready
    assert "team" in ready["transcript"].lower() and len(ready["words"]) > 5
    assert 0 < ready["confidence"] <= 1 and ready["processing_time_ms"] > 0
    assert any(w["low"] for w in ready["words"]) == any(
        w["confidence"] < 0.6 for w in ready["words"]
    )
    transcript = db_rows(
        database_url, "SELECT * FROM interview_transcripts WHERE session_id = %s", [interview["id"]]
    )
    assert len(transcript) == 1 and transcript[0]["confidence_score"] is not None
    assert transcript[0]["audio_file_url"].endswith(f"{queued['id']}.wav")

    corrected = (
        "I led a team of five engineers to migrate our billing system to Kubernetes, "
        "which cut our hosting costs by 30%. The migration took four months."
    )
    r = vclient.post(
        f"/api/voice/answers/{queued['id']}/confirm", json={"text": corrected}, headers=auth(vuser)
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["answer"]["status"] == "confirmed"
    assert body["turn"]["answer"]["bullets"], "bullets are written from the confirmed text"
    assert any("30%" in b["text"] for b in body["turn"]["answer"]["bullets"])
    assert body["turn"]["question"]["turn_number"] == 3
    turn = db_rows(
        database_url,
        "SELECT message, audio_url FROM interview_turns WHERE session_id = %s AND turn_number = 2",
        [interview["id"]],
    )
    assert turn == [
        {"message": corrected, "audio_url": f"voice/{vuser['user_id']}/{queued['id']}.wav"}
    ]

    audio = vclient.get(f"/api/voice/answers/{queued['id']}/audio", headers=auth(vuser))
    assert audio.status_code == 200 and audio.content == spoken_answer
    assert audio.headers["content-type"] == "audio/wav"

    r = vclient.delete(f"/api/voice/{interview['id']}", headers=auth(vuser))
    assert r.status_code == 204
    assert not stored[0].exists()
    left = db_rows(
        database_url,
        "SELECT (SELECT count(*) FROM voice_answers WHERE session_id = %s)"
        " + (SELECT count(*) FROM interview_transcripts WHERE session_id = %s) AS n",
        [interview["id"], interview["id"]],
    )
    assert left == [{"n": 0}]


def test_recordings_are_private_to_their_owner(
    vclient, vuser, database_url, spoken_answer: bytes
) -> None:
    interview = start_voice(vclient, vuser)
    mine = upload(vclient, vuser, interview, spoken_answer).json()
    other = make_user(vclient, database_url)
    for path in (f"/api/voice/answers/{mine['id']}", f"/api/voice/answers/{mine['id']}/audio"):
        assert vclient.get(path, headers=auth(other)).status_code == 404
    r = upload(vclient, other, interview, spoken_answer)
    assert r.status_code == 404, r.text
    assert vclient.delete(f"/api/voice/{interview['id']}", headers=auth(other)).status_code == 404
    assert vclient.get(f"/api/voice/answers/{mine['id']}/audio").status_code == 401


def test_voice_interviews_take_the_same_credit_as_chat(vclient, database_url) -> None:
    starter = make_user(vclient, database_url, plan=None)
    start_voice(vclient, starter)
    r = vclient.post("/api/voice", json={"role": "software_engineer"}, headers=auth(starter))
    assert r.status_code == 402, r.text
    assert "interview" in r.json()["error"]["message"].lower()
    r = vclient.post("/api/interviews", json={"role": "software_engineer"}, headers=auth(starter))
    assert r.status_code == 402


def test_rerecording_replaces_the_unconfirmed_take(
    vclient, vuser, database_url, files_root, spoken_answer: bytes
) -> None:
    interview = start_voice(vclient, vuser)
    first = upload(vclient, vuser, interview, spoken_answer).json()
    second = upload(vclient, vuser, interview, spoken_answer).json()
    ids = [
        r["id"]
        for r in db_rows(
            database_url,
            "SELECT id::text FROM voice_answers WHERE session_id = %s",
            [interview["id"]],
        )
    ]
    assert ids == [second["id"]]
    assert not list(files_root.glob(f"files/voice/*/{first['id']}.*"))
    jobs = db_rows(
        database_url,
        "SELECT args->>'answer_id' AS a, status FROM procrastinate_jobs "
        "WHERE args->>'answer_id' = ANY(%s)",
        [[first["id"], second["id"]]],
    )
    run_voice_jobs(database_url)
    assert {j["a"] for j in jobs} >= {second["id"]}
    assert (
        vclient.get(f"/api/voice/answers/{second['id']}", headers=auth(vuser)).json()["status"]
        == "ready"
    )
