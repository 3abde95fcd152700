"""The operations pages in a real browser at 1280 and 390 px: an admin exports and deletes a
user from the user page, a user prepares their data and deletes their account on the privacy
page. Each page is photographed and must not scroll sideways on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from playwright.sync_api import expect

from tests.admin.conftest import sign_up
from tests.conftest import ARTIFACTS, STRONG_PASSWORD, LiveServer
from tests.privacy.test_privacy import traces_of, work_jobs

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
OVERFLOW = "() => document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(
        database_url, RESUMEPILOT_DATA_DIR=str(tmp_path_factory.mktemp("ops-pages"))
    ).start()
    yield live
    live.stop()


class Shots:
    def __init__(self, page, folder: Path, width: str):
        self.page, self.folder, self.width = page, folder, width

    def check(self, name: str) -> None:
        """Photographs the page and fails if it is wider than the screen."""
        self.page.screenshot(path=str(self.folder / f"{name}-{self.width}.png"), full_page=True)
        overflow = self.page.evaluate(OVERFLOW)
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {self.width}"


def open_as(browser, server: LiveServer, token: str, width: str):
    w, h = WIDTHS[width]
    context = browser.new_context(
        base_url=server.url, viewport={"width": w, "height": h}, is_mobile=width == "phone"
    )
    context.add_cookies([{"name": "rp_session", "value": token, "url": server.url}])
    return context


def folder_for(request) -> Path:
    folder = ARTIFACTS / "screenshots" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_admin_exports_then_deletes_a_user_from_the_user_page(
    browser, server, database_url, width, request
):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        admin, user = sign_up(client), sign_up(client)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SELECT admin_grant(%s, 'super_admin', '{}')", [admin["email"]])
    context = open_as(browser, server, admin["token"], width)
    page = context.new_page()
    shots = Shots(page, folder_for(request), width)
    try:
        page.goto(f"/admin/users/{user['user_id']}")
        expect(page.get_by_role("heading", name="Data of this user")).to_be_visible()
        shots.check("user-page")

        page.get_by_label("Reason to export this user's data").fill("GDPR request 12")
        page.get_by_role("button", name="Export data").click()
        expect(page.locator("#export-status")).to_contain_text("Preparing the export")
        shots.check("export-preparing")
        work_jobs(database_url)
        page.reload()
        expect(page.get_by_role("link", name="download the zip")).to_be_visible()
        shots.check("export-ready")

        page.get_by_label("Reason to delete this account").fill("asked by the user")
        page.get_by_label("Type the account's email to confirm").fill(user["email"])
        page.get_by_role("button", name="Delete account").click()
        expect(page.get_by_role("status")).to_contain_text("are deleted")
        shots.check("after-delete")
    finally:
        context.close()
    assert traces_of(database_url, user["user_id"], user["email"]) == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_user_prepares_their_data_and_deletes_their_account(
    browser, server, database_url, width, request
):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        user = sign_up(client)
    context = open_as(browser, server, user["token"], width)
    page = context.new_page()
    shots = Shots(page, folder_for(request), width)
    try:
        page.goto("/privacy")
        expect(page.get_by_role("heading", name="Your data")).to_be_visible()
        shots.check("privacy")
        page.get_by_role("button", name="Prepare my data").click()
        expect(page.get_by_role("status")).to_contain_text("Preparing your data")
        work_jobs(database_url)
        page.reload()
        expect(page.get_by_role("link", name="download the zip")).to_be_visible()
        shots.check("privacy-ready")
        page.get_by_label("Your password").fill(STRONG_PASSWORD)
        page.get_by_role("button", name="Delete my account").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("deleted")
        shots.check("deleted")
    finally:
        context.close()
    assert traces_of(database_url, user["user_id"], user["email"]) == []
