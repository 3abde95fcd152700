"""A voice interview in Chromium with a fake microphone playing a spoken answer: the question
is shown and spoken, the answer recorded (pause, resume, re-record, level meter, timer),
transcribed in the background, corrected and confirmed into bullets; then the upload
fallback on a phone-sized screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import ARTIFACTS
from tests.speech.conftest import speak
from tests.voice import conftest as voice_fixtures
from tests.voice.conftest import ANSWER_TEXT, make_user, run_voice_jobs

# The voice tests' server and files folder (a server whose worker shares its data directory).
files_root = voice_fixtures.files_root
voice_server = voice_fixtures.voice_server
vclient = voice_fixtures.vclient

# Records every utterance the page asks the browser to speak (headless Chromium has no voices).
SPOKEN_LOG = """
window.__spoken = [];
if (window.speechSynthesis) {
  const original = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (u) => {
    window.__spoken.push(u.text);
    try { original(u); } catch (e) {}
  };
}
"""


@pytest.fixture(scope="module")
def microphone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the fake microphone plays: espeak-ng reading an answer, then a second of quiet."""
    folder = tmp_path_factory.mktemp("mic")
    return speak(ANSWER_TEXT, folder / "answer.wav")


@pytest.fixture
def mic_page(browser, voice_server, microphone_wav) -> Iterator[object]:
    fake_mic = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={microphone_wav}",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    context = fake_mic.new_context(
        base_url=voice_server.url, viewport={"width": 1280, "height": 900}
    )
    context.add_init_script(SPOKEN_LOG)
    page = context.new_page()
    yield page
    context.close()
    fake_mic.close()


def _shot(page, name: str) -> None:
    folder = ARTIFACTS / "screenshots" / "test_voice_flow"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_voice_interview_with_a_fake_microphone(
    mic_page, voice_server, vclient, database_url, microphone_wav
) -> None:
    page = mic_page
    user = make_user(vclient, database_url)
    page.context.add_cookies(
        [{"name": "rp_session", "value": user["token"], "url": voice_server.url}]
    )
    page.goto("/voice")
    expect(page.get_by_role("heading", name="Voice interviews", exact=True)).to_be_visible()
    page.get_by_label("Target role").select_option("software_engineer")
    page.get_by_role("button", name="Start voice interview").click()
    expect(page).to_have_url(re.compile(r"/voice/[0-9a-f-]{36}$"))
    question = page.locator("#voice-question")
    expect(question).not_to_be_empty()
    page.wait_for_function("() => window.__spoken.length > 0")
    first_question = question.inner_text()
    assert page.evaluate("window.__spoken[0]") == first_question
    mute = page.get_by_label("Mute the interviewer")
    mute.check()
    _shot(page, "01-question-1280")

    record = page.get_by_role("button", name="Record answer")
    record.click()
    expect(page.locator("#rec-state")).to_have_text("Recording…")
    page.wait_for_function("() => document.getElementById('rec-level').value > 0.01")
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#rec-state")).to_have_text("Paused")
    paused_at = page.locator("#rec-timer").inner_text()
    page.wait_for_timeout(1200)
    expect(page.locator("#rec-timer")).to_have_text(paused_at)  # the clock stops while paused
    page.get_by_role("button", name="Resume").click()
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Stop").click()
    expect(page.locator("#rec-review")).to_be_visible()

    # Re-record: the first take is dropped, a full answer is recorded.
    page.get_by_role("button", name="Re-record").click()
    expect(page.locator("#rec-state")).to_have_text("Recording…")
    page.wait_for_timeout(9000)
    expect(page.locator("#rec-timer")).to_have_text(re.compile(r"0:0[89]|0:1\d"))
    _shot(page, "02-recording-1280")
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Send recording").click()
    expect(page.locator("#answer-status")).to_be_visible()
    _shot(page, "03-transcribing-1280")

    run_voice_jobs(database_url)
    text = page.get_by_label("Transcript (edit before confirming)")
    expect(text).to_be_visible(timeout=20_000)  # the page polls and shows the transcript
    expect(page.locator("#answer-words")).not_to_be_empty()
    _shot(page, "04-transcript-1280")
    assert page.locator("audio").count() >= 1

    text.fill(
        "I led a team of five engineers to migrate our billing system to Kubernetes, "
        "which cut our hosting costs by 30%."
    )
    page.get_by_role("button", name="Confirm and write bullets").click()
    expect(page.locator("#iv-answers")).to_contain_text("30%")
    played = page.locator("#turn-2 audio")
    expect(played).to_have_count(1)
    src = played.get_attribute("src")
    assert page.request.get(src).status == 200
    expect(question).to_have_attribute("data-turn", "3")
    expect(question).not_to_have_text(first_question)
    _shot(page, "05-bullets-1280")

    # A phone, without the microphone: the upload fallback answers the next question.
    page.set_viewport_size({"width": 390, "height": 844})
    if page.locator("#upload-box").get_attribute("open") is None:
        page.locator("#upload-box summary").click()
    page.get_by_label(re.compile("Recording \\(webm")).set_input_files(str(microphone_wav))
    page.get_by_role("button", name="Upload recording").click()
    expect(page.locator("#answer-status")).to_be_visible()
    _shot(page, "06-uploaded-390")
    run_voice_jobs(database_url)
    expect(page.get_by_label("Transcript (edit before confirming)")).to_be_visible(timeout=20_000)
    _shot(page, "07-transcript-390")
    page.get_by_role("button", name="Confirm and write bullets").click()
    expect(page.locator("#turn-4 audio")).to_have_count(1)
    _shot(page, "08-confirmed-390")
