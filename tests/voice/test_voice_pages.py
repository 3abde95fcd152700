"""The voice pages with plain forms (no JavaScript): start, upload, see the transcript with
unsure words marked, correct and confirm, play the recording beside its turn, delete."""

from __future__ import annotations

import re

import httpx

from tests.voice.conftest import run_voice_jobs


def _browser(base_url: str, user: dict[str, str]) -> httpx.Client:
    return httpx.Client(
        base_url=base_url, timeout=60, follow_redirects=False, cookies={"rp_session": user["token"]}
    )


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def test_voice_journey_with_plain_forms(
    voice_server, vuser, database_url, files_root, spoken_answer
) -> None:
    with _browser(voice_server.url, vuser) as b:
        listing = b.get("/voice")
        assert listing.status_code == 200 and 'href="/voice" aria-current="page"' in listing.text
        token = _csrf(listing.text)
        r = b.post("/voice", data={"role": "software_engineer", "csrf_token": token})
        assert r.status_code == 303
        page_url = r.headers["location"]
        page = b.get(page_url)
        assert 'id="voice-question"' in page.text and 'id="upload-form"' in page.text
        assert 'id="voice-mute"' in page.text and 'id="rec-start"' in page.text

        r = b.post(
            page_url + "/answers",
            data={"turn_number": "2", "csrf_token": token},
            files={"audio": ("answer.wav", spoken_answer, "audio/wav")},
        )
        assert r.status_code == 303, r.text
        waiting = b.get(page_url)
        assert "Waiting for the transcriber" in waiting.text
        assert 'data-status="queued"' in waiting.text

        run_voice_jobs(database_url)
        ready = b.get(page_url)
        assert 'id="answer-text"' in ready.text and 'id="answer-words"' in ready.text
        words = re.search(r'id="answer-words">(.*?)</p>', ready.text, re.S).group(1)
        assert "team" in words.lower()
        answer_id = re.search(r"/voice/answers/([0-9a-f-]{36})/confirm", ready.text).group(1)
        status = b.get(f"/voice/answers/{answer_id}").json()
        lows = [w["word"] for w in status["words"] if w["low"]]
        assert words.count('class="voice-low"') == len(lows)

        corrected = "I led a team of 5 engineers and cut hosting costs by 30% in four months."
        r = b.post(
            f"/voice/answers/{answer_id}/confirm", data={"text": corrected, "csrf_token": token}
        )
        assert r.status_code == 303, r.text
        after = b.get(page_url)
        assert corrected in after.text
        assert f'src="/voice/answers/{answer_id}/audio"' in after.text
        assert "30%" in after.text.split('id="iv-answers"')[1], "bullets shown beside the chat"
        audio = b.get(f"/voice/answers/{answer_id}/audio")
        assert audio.status_code == 200 and audio.content == spoken_answer

        r = b.post(page_url + "/delete", data={"csrf_token": token})
        assert r.status_code == 303 and r.headers["location"] == "/voice"
        assert b.get(page_url).status_code == 404
        assert b.get(f"/voice/answers/{answer_id}/audio").status_code == 404
        assert not list(files_root.glob(f"files/voice/*/{answer_id}.*"))


def test_a_bad_upload_shows_its_message_on_the_page(voice_server, vuser) -> None:
    with _browser(voice_server.url, vuser) as b:
        token = _csrf(b.get("/voice").text)
        page_url = b.post("/voice", data={"role": "data_scientist", "csrf_token": token}).headers[
            "location"
        ]
        r = b.post(
            page_url + "/answers",
            data={"turn_number": "2", "csrf_token": token},
            files={"audio": ("answer.webm", b"not a recording at all" * 50, "audio/webm")},
        )
        assert r.status_code == 415
        assert 'id="voice-error"' in r.text and "not a recording" in r.text
        assert 'id="upload-form"' in r.text, "the page offers the upload again"


def test_upload_without_the_csrf_token_is_refused(voice_server, vuser, spoken_answer) -> None:
    with _browser(voice_server.url, vuser) as b:
        token = _csrf(b.get("/voice").text)
        page_url = b.post("/voice", data={"role": "data_scientist", "csrf_token": token}).headers[
            "location"
        ]
        r = b.post(
            page_url + "/answers",
            data={"turn_number": "2", "csrf_token": "forged"},
            files={"audio": ("answer.wav", spoken_answer, "audio/wav")},
        )
        assert r.status_code == 403
