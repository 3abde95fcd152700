"""A person builds a resume from their bullets, generates it, downloads every format and opens
it in Overleaf, in a real browser."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, unquote

import httpx
from playwright.sync_api import expect

from tests.resumes.web_support import add_library, bearer, run_render_jobs


def sign_in(page, live_server, user) -> None:
    page.context.add_cookies(
        [{"name": "rp_session", "value": user["token"], "url": live_server.url}]
    )


def test_build_a_resume_from_bullets_download_each_format_and_open_in_overleaf(
    page, screenshot, live_server, client, api_user, database_url
):
    client.patch(
        "/api/me",
        headers=bearer(api_user),
        json={
            "full_name": "Amélie O'Connor",
            "job_title": "Backend Engineer",
            "company": "Northwind Payments",
        },
    )
    add_library(
        database_url,
        api_user["user_id"],
        [
            (
                "Northwind Payments checkout",
                [
                    {
                        "text": "Cut p99 checkout latency from 900 ms to 240 ms by moving fraud "
                        "scoring "
                        "off the request path"
                    },
                    {
                        "text": "Stopped duplicate charges with an idempotency layer (100% & "
                        "counting)"
                    },
                ],
            ),
            ("On-call at Blue Lantern", [{"text": "Wrote the on-call runbook; pages fell by 60%"}]),
        ],
    )
    sign_in(page, live_server, api_user)

    page.goto("/resumes")
    expect(page.get_by_role("heading", name="Resumes", level=1)).to_be_visible()
    screenshot("01-resumes-empty")
    page.get_by_role("button", name="Start a new resume").click()
    expect(page.get_by_label("Full name")).to_have_value("Amélie O'Connor")
    expect(page.locator("#work-0-name")).to_have_value("Northwind Payments")

    # A bad date is refused with a summary that takes focus and links to the field.
    page.locator("#work-0-startDate").fill("someday")
    page.get_by_role("button", name="Save draft").click()
    summary = page.get_by_role("alert").filter(has_text="Nothing was saved")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Experience 1, Start date (work[0].startDate)")
    expect(page.locator("#work-0-startDate")).to_have_attribute("aria-invalid", "true")
    screenshot("02-invalid-date")
    summary.get_by_role("link").click()
    expect(page.locator("#work-0-startDate")).to_be_focused()
    page.locator("#work-0-startDate").fill("2021-03")
    page.get_by_label("Cut p99 checkout latency", exact=False).check()
    page.get_by_label("Stopped duplicate charges", exact=False).check()
    page.get_by_label("Add the ticked bullets to").select_option(
        label=("Experience: Backend Engineer at Northwind Payments")
    )
    page.get_by_role("button", name="Add ticked bullets").click()
    expect(page.get_by_role("status")).to_contain_text("Bullets added")
    expect(page.locator("#work-0-highlights")).to_have_value(
        "Cut p99 checkout latency from 900 ms to 240 ms by moving fraud scoring off the request "
        "path\nStopped duplicate charges with an idempotency layer (100% & counting)"
    )

    # Enter in a text field saves; it never presses the first "Remove" button.
    page.get_by_label("Phone").fill("+1 555 010 2030")
    page.get_by_label("Phone").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Draft saved")
    expect(page.locator("#work-0-highlights")).not_to_be_empty()

    # The template picker works from the keyboard: arrows move between templates.
    page.locator("#tpl-classic").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tpl-modern")).to_be_checked()
    page.get_by_label("Fit to one page").check()
    screenshot("03-builder")

    page.get_by_role("button", name="Generate resume").click()
    expect(page).to_have_url(re.compile(r"/resumes/generations/[0-9a-f-]+$"))
    expect(page.get_by_role("heading", name="Rendering your resume")).to_be_visible()
    screenshot("04-rendering")

    run_render_jobs(database_url)
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=15_000)
    expect(page.locator("#page-count")).to_have_text("1 page")
    preview = page.get_by_role("img", name="Page 1 of the resume")
    expect(preview).to_be_visible()
    # Decoded, not a broken-image box: the gzipped SVG is well-formed XML the CSP allows.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
    )
    screenshot("05-ready")

    files = {}
    for label in ("PDF", "Word (.docx)", "LaTeX (.tex)"):
        with page.expect_download() as info:
            page.get_by_role("link", name=f"Download {label}").click()
        download = info.value
        files[label] = (download.suggested_filename, Path(download.path()).read_bytes())
    assert files["PDF"][0].endswith(".pdf") and files["PDF"][1].startswith(b"%PDF")
    assert files["Word (.docx)"][0].endswith(".docx")
    docx = zipfile.ZipFile(io.BytesIO(files["Word (.docx)"][1]))
    assert "Cut p99 checkout latency" in docx.read("word/document.xml").decode()
    latex = files["LaTeX (.tex)"][1].decode()
    assert files["LaTeX (.tex)"][0].endswith(".tex") and "100\\% \\& counting" in latex

    posted = {}

    def overleaf(route, request):
        posted.update(parse_qs(request.post_data, keep_blank_values=True))
        route.fulfill(status=200, content_type="text/html", body="<h1>Overleaf (fake)</h1>")

    page.context.route("https://www.overleaf.com/**", overleaf)
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Open in Overleaf").click()
    expect(new_tab.value.get_by_role("heading")).to_have_text("Overleaf (fake)")
    assert unquote(posted["encoded_snip"][0]) == latex
    assert posted["engine"] == ["pdflatex"] and posted["snip_name"][0].endswith(".tex")

    generation_id = page.url.rsplit("/", 1)[1]
    counts = {}
    for _ in range(50):  # the Overleaf count is sent as a beacon; wait for it to land
        counts = httpx.get(
            f"{live_server.url}/api/resumes/generations/{generation_id}", headers=bearer(api_user)
        ).json()["downloads"]
        if counts.get("overleaf"):
            break
        page.wait_for_timeout(100)
    assert counts == {"pdf": 1, "word": 1, "latex": 1, "overleaf": 1}
    page.reload()
    expect(page.get_by_text("1 opened")).to_be_visible()
    screenshot("06-downloaded")


def test_resume_pages_work_on_a_phone(browser, live_server, client, api_user, database_url):
    context = browser.new_context(
        base_url=live_server.url, is_mobile=True, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    sign_in(page, live_server, api_user)
    page.goto("/resumes")
    page.get_by_role("button", name="Start a new resume").click()
    expect(page.get_by_label("Full name")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Full name").fill("Sam Phone")
    folder = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
    (folder / "test_resume_pages_work_on_a_phone").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "test_resume_pages_work_on_a_phone" / "builder.png"))
    page.get_by_role("group", name="Template").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "test_resume_pages_work_on_a_phone" / "templates.png"))
    # The action bar stays in reach at the bottom of the screen.
    expect(page.get_by_role("button", name="Generate resume")).to_be_in_viewport()
    page.get_by_role("button", name="Generate resume").click()
    expect(page.get_by_role("heading", name="Rendering your resume")).to_be_visible()
    run_render_jobs(database_url)
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible(timeout=15_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(
        path=str(folder / "test_resume_pages_work_on_a_phone" / "result.png"), full_page=True
    )
    context.close()
