"""A render has a budget: a resume over 20 pages, or over 3 pages fitted to one page, or a
render past RESUMEPILOT_RENDER_BUDGET_SECONDS, fails with a message saying what to change,
shown on the page and through the API and stored with the generation."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from resumepilot.config import get_settings
from resumepilot.documents.budget import RenderBudget, RenderRefused
from tests.conftest import LiveServer
from tests.resumes.render_support import (
    draft_of,
    generation_row,
    long_resume,
    queue_render,
    sign_up,
)
from tests.resumes.web_support import bearer, browser, run_render_jobs


@pytest.fixture(scope="module")
def roomy_server(database_url: str) -> Iterator[LiveServer]:
    """A server that takes a 78-page resume's 270 kB draft (the shared one stops at 100 kB)."""
    server = LiveServer(database_url, RESUMEPILOT_MAX_BODY_BYTES=1_000_000).start()
    yield server
    server.stop()


@pytest.fixture
def roomy(roomy_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=roomy_server.url, timeout=60) as c:
        yield c


def _api_generation(client: httpx.Client, user: dict[str, str], gid: str) -> dict:
    r = client.get(f"/api/resumes/generations/{gid}", headers=bearer(user))
    assert r.status_code == 200, r.text
    return r.json()


def test_a_78_page_resume_fitted_to_one_page_is_refused_with_its_reason(roomy, database_url):
    user = sign_up(roomy)
    gid = queue_render(roomy, user, draft_of(roomy, user, long_resume(60), fit=True))
    run_render_jobs(database_url)

    status, message = generation_row(database_url, gid)
    assert status == "failed"
    assert message is not None
    pages = re.search(
        r"runs to (\d+) pages; we render up to 20, and fit to one page works for up to 3\.",
        message,
    )
    assert pages and 70 <= int(pages.group(1)) <= 80, message
    assert "Shorten it" in message
    api = _api_generation(roomy, user, gid)
    assert (api["status"], api["error_message"]) == ("failed", message)
    with browser(str(roomy.base_url), user) as b:
        page = b.get(f"/resumes/generations/{gid}")
    assert page.status_code == 200
    assert "This resume could not be rendered" in page.text
    assert "fit to one page works for up to 3" in page.text
    # Nothing rendered is stored for it.
    assert (
        roomy.get(f"/api/resumes/generations/{gid}/download/pdf", headers=bearer(user)).status_code
        == 409
    )


def test_a_resume_over_20_pages_is_refused_even_without_fitting(roomy, database_url):
    user = sign_up(roomy)
    gid = queue_render(roomy, user, draft_of(roomy, user, long_resume(20), fit=False))
    run_render_jobs(database_url)

    status, message = generation_row(database_url, gid)
    assert status == "failed"
    assert message and re.search(r"runs to (2[1-9]|[3-9]\d) pages; we render up to 20", message)


def test_fitting_is_tried_up_to_three_pages_and_refused_beyond(roomy, database_url):
    user = sign_up(roomy)
    short = queue_render(roomy, user, draft_of(roomy, user, long_resume(1), fit=True))
    longer = queue_render(roomy, user, draft_of(roomy, user, long_resume(2), fit=True))
    run_render_jobs(database_url)

    assert generation_row(database_url, short) == ("completed", None)
    status, message = generation_row(database_url, longer)
    assert status == "failed"
    assert message and message.startswith(
        "This resume runs to 4 pages, too long to fit on one page: fitting works for resumes"
        " of up to 3 pages. Turn off 'Fit to one page' or shorten the resume"
    )


@pytest.fixture
def settings_read_again():
    """The worker reads its settings once (config.get_settings); a test that changes the
    environment has them read again, and leaves them to be read afresh after it."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_render_past_its_time_is_stopped_with_a_message(
    roomy, database_url, monkeypatch, settings_read_again
):
    # A budget no layout fits in: the render stops after its first layout.
    monkeypatch.setenv("RESUMEPILOT_RENDER_BUDGET_SECONDS", "0.001")
    user = sign_up(roomy)
    gid = queue_render(roomy, user, draft_of(roomy, user, long_resume(5), fit=False))
    run_render_jobs(database_url)

    status, message = generation_row(database_url, gid)
    assert status == "failed"
    assert message and message.startswith(
        "Rendering this resume took longer than the 0.001 seconds one render may use"
    )


@pytest.mark.parametrize(
    ("pages", "fit", "refused"),
    [(20, False, False), (21, False, True), (3, True, False), (4, True, True), (1, True, False)],
)
def test_the_page_limits_sit_at_20_pages_and_3_for_fitting(pages, fit, refused):
    budget = RenderBudget.starting_now()
    if refused:
        with pytest.raises(RenderRefused, match=f"This resume runs to {pages} pages"):
            budget.check_pages(pages, fit)
    else:
        budget.check_pages(pages, fit)
