"""The resume pages as a browser sends them: forms with CSRF tokens, cookies and redirects."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import httpx
import psycopg
import pytest

from tests.conftest import LiveServer
from tests.resumes.web_support import (
    add_library,
    bearer,
    browser,
    create_draft,
    csrf_from,
    dumps,
    run_render_jobs,
    sample_resume,
)


@pytest.fixture
def web(client, api_user):
    with browser(client.base_url, api_user) as b:
        yield b


def form_of(html: str) -> dict[str, str]:
    """The builder's current field values, as the browser would submit them."""
    fields = dict(
        re.findall(r'<input id="([^"]+)" name="\1" type="(?:text|email)" value="([^"]*)"', html)
    )
    for name, text in re.findall(r'<textarea id="([^"]+)" name="\1"[^>]*>([^<]*)</textarea>', html):
        fields[name] = text
    fields = {
        k: v.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"')
        for k, v in fields.items()
    }
    return fields | {
        "csrf_token": csrf_from(html),
        "role_type": "default",
        "template_name": "classic",
        "paper": "letter",
        "trim_older_roles": "on",
    }


def new_draft(web: httpx.Client) -> str:
    r = web.post("/resumes/new", data={"csrf_token": csrf_from(web.get("/resumes").text)})
    assert r.status_code == 303
    return r.headers["location"]


def stored(database_url: str, draft_url: str) -> dict:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT resume_data FROM resume_drafts WHERE id = %s", [draft_url.rsplit("/", 1)[1]]
        ).fetchone()[0]


def test_a_new_draft_starts_from_the_profile_and_saves_what_is_typed(
    web, client, api_user, database_url
):
    client.patch(
        "/api/me",
        headers=bearer(api_user),
        json={"full_name": "Ada Lovelace", "job_title": "Analyst", "company": "Babbage"},
    )
    empty = web.get("/resumes")
    assert empty.status_code == 200 and "Three steps to a resume" in empty.text
    url = new_draft(web)
    page = web.get(url).text
    assert 'value="Ada Lovelace"' in page and f'value="{api_user["email"]}"' in page
    assert 'id="work-0-name" name="work-0-name" type="text" value="Babbage"' in page

    data = form_of(page) | {
        "work-0-position": "Analyst <script>alert(1)</script>",
        "work-0-startDate": "2019-03",
        "work-0-highlights": "• Wrote the first program & published it\n- Explained \\input{x}\n\n",
        "skills-0-name": "Maths",
        "skills-0-keywords": "Analysis, Notes ,, Engines",
    }
    r = web.post(url, data=data)
    assert r.status_code == 303 and r.headers["location"].endswith("?saved=1")
    saved = stored(database_url, url)
    assert saved["work"][0]["highlights"] == [
        "Wrote the first program & published it",
        "Explained \\input{x}",
    ]
    assert saved["skills"] == [{"name": "Maths", "keywords": ["Analysis", "Notes", "Engines"]}]
    shown = web.get(r.headers["location"]).text
    assert "Draft saved." in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>alert(1)" not in shown


def test_a_bad_field_is_named_next_to_its_input_and_nothing_is_saved(web, database_url):
    url = new_draft(web)
    before = stored(database_url, url)
    data = form_of(web.get(url).text) | {
        "work-0-name": "Acme",
        "work-0-startDate": "spring",
        "basics-email": "ada at home",
    }
    r = web.post(url, data=data)
    assert r.status_code == 422
    assert "Nothing was saved" in r.text
    assert (
        '<a href="#work-0-startDate">Experience 1, Start date (work[0].startDate): expected'
        " a date like 2020"
    ) in r.text
    assert re.search(r'id="work-0-startDate"[^>]*aria-invalid="true"', r.text, re.S)
    assert '<p class="field-error" id="basics-email-error">' in r.text
    assert 'value="spring"' in r.text  # what was typed stays in the form
    assert stored(database_url, url) == before


def test_entries_are_added_and_removed_and_sections_follow_the_role(web):
    url = new_draft(web)
    page = web.get(url).text
    r = web.post(url, data=form_of(page) | {"work-0-name": "First", "action": "add:work"})
    assert r.status_code == 303 and "?add=work#work-1" in r.headers["location"]
    page = web.get(r.headers["location"]).text
    assert 'name="work-1-name"' in page
    r = web.post(url, data=form_of(page) | {"work-1-name": "Second", "action": "remove:work:0"})
    page = web.get(r.headers["location"]).text
    assert 'value="Second"' in page and 'value="First"' not in page

    r = web.post(url, data=form_of(page) | {"role_type": "new_graduate"})
    page = web.get(r.headers["location"]).text
    assert page.index('id="education-h"') < page.index('id="work-h"')
    assert page.index('id="projects-h"') < page.index('id="work-h"')


def test_bullets_are_picked_in_the_builder(web, api_user, database_url):
    [row] = add_library(
        database_url,
        api_user["user_id"],
        [
            (
                "Answer about the <b>analytical engine</b>",
                [{"text": "Designed a loop for Bernoulli"}, {"text": "Annotated Menabrea's paper"}],
            )
        ],
    )
    url = new_draft(web)
    page = web.get(url).text
    assert "Designed a loop for Bernoulli" in page and "&lt;b&gt;analytical engine" in page
    data = form_of(page) | {
        "work-0-name": "Babbage",
        "action": "add_bullets",
        "pick": [f"{row}:1"],
        "pick_target": "new-work",
    }
    r = web.post(url, data=data)
    assert r.status_code == 303 and r.headers["location"].endswith("?saved=3")
    work = stored(database_url, url)["work"]
    assert work[-1]["highlights"] == ["Annotated Menabrea's paper"]
    r = web.post(
        url, data=form_of(web.get(url).text) | {"action": "add_bullets", "pick_target": "work:0"}
    )
    assert r.status_code == 422 and "Choose at least one bullet" in r.text


def test_generating_shows_progress_then_the_result_and_counts_downloads(web, database_url):
    url = new_draft(web)
    data = form_of(web.get(url).text) | {
        "basics-name": "Ada & Co",
        "template_name": "compact",
        "fit_one_page": "on",
        "action": "generate",
    }
    r = web.post(url, data=data)
    assert r.status_code == 303 and r.headers["location"].startswith("/resumes/generations/")
    gen_url = r.headers["location"]
    waiting = web.get(gen_url).text
    assert "Rendering your resume" in waiting and 'role="progressbar"' in waiting
    assert web.get(gen_url + "/status").json()["status"] == "processing"

    run_render_jobs(database_url)

    assert web.get(gen_url + "/status").json() == {
        "status": "completed",
        "error_message": None,
        "page_count": 1,
    }
    page = web.get(gen_url).text
    assert "Download PDF" in page and ">1 page<" in page
    snip = re.search(r'name="encoded_snip" value="([^"]+)"', page).group(1)
    assert 'action="https://www.overleaf.com/docs"' in page
    assert 'name="engine" value="pdflatex"' in page
    latex = web.get(gen_url + "/download/latex")
    assert unquote(snip) == latex.text and "Ada \\& Co" in latex.text
    preview = web.get(gen_url + "/preview")  # httpx asks for gzip and unpacks it
    assert preview.headers["content-type"] == "image/svg+xml"
    assert preview.headers["content-encoding"] == "gzip"
    assert preview.content.startswith(b"<svg") and b'viewBox="0 0 612 792"' in preview.content
    assert f'src="{gen_url}/preview"' in page
    assert web.get(gen_url + "/preview.png").content == preview.content  # the old address
    pdf = web.get(gen_url + "/download/pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.headers["x-download-count"] == "1"
    assert web.get(gen_url + "/download/pdf").headers["x-download-count"] == "2"
    token = csrf_from(page)
    assert web.post(gen_url + "/overleaf", data={"csrf_token": token}).status_code == 204
    assert web.post(gen_url + "/overleaf", data={"csrf_token": "forged"}).status_code == 403
    page = web.get(gen_url).text
    assert "2 downloads" in page and "1 opened" in page and "1 download<" in page
    assert web.get(gen_url + "/download/docx").status_code == 404


def test_generating_without_a_name_keeps_the_edits_and_says_why(web, database_url):
    url = new_draft(web)
    data = form_of(web.get(url).text) | {
        "basics-name": "",
        "work-0-name": "Kept Co",
        "action": "generate",
    }
    r = web.post(url, data=data)
    assert r.status_code == 422 and "Add your name" in r.text
    assert "Your changes were saved" in r.text
    assert stored(database_url, url)["work"][0]["name"] == "Kept Co"


def test_json_resume_files_import_and_export_through_the_pages(web, database_url):
    token = csrf_from(web.get("/resumes").text)
    r = web.post(
        "/resumes/import",
        data={"csrf_token": token},
        files={"file": ("resume.json", dumps(sample_resume()), "application/json")},
    )
    assert r.status_code == 303 and r.headers["location"].endswith("?saved=2")
    url = r.headers["location"].split("?")[0]
    assert "Also in this resume" in web.get(url).text  # awards, certificates, languages kept
    exported = web.get(url + "/export.json")
    assert "attachment" in exported.headers["content-disposition"]
    body = json.loads(exported.content)
    assert body["basics"]["name"] == sample_resume()["basics"]["name"]
    assert body["$schema"].startswith("https://")

    bad = sample_resume()
    bad["projects"][0]["startDate"] = "the nineties"
    with psycopg.connect(database_url) as conn:
        before = conn.execute("SELECT count(*) FROM resume_drafts").fetchone()[0]
    r = web.post(
        "/resumes/import",
        data={"csrf_token": token},
        files={"file": ("resume.json", dumps(bad), "application/json")},
    )
    assert r.status_code == 422 and "projects[0].startDate" in r.text
    r = web.post(
        url + "/import",
        data={"csrf_token": token},
        files={"file": ("resume.json", b"{oops", "application/json")},
    )
    assert r.status_code == 422 and "not valid JSON (line 1, column 2" in r.text
    assert "The file was not imported; nothing changed." in r.text
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM resume_drafts").fetchone()[0] == before


def test_an_oversize_upload_gets_a_page_saying_so(api_user, database_url):
    server = LiveServer(database_url, RESUMEPILOT_MAX_BODY_BYTES=2_000_000).start()
    try:
        with browser(server.url, api_user) as web:
            token = csrf_from(web.get("/resumes").text)
            r = web.post(
                "/resumes/import",
                data={"csrf_token": token},
                files={"file": ("big.json", b" " * 400_000 + b"{}", "application/json")},
            )
        assert r.status_code == 413 and "larger than 300 kB" in r.text
        assert "text/html" in r.headers["content-type"]
    finally:
        server.stop()


def test_forms_need_their_csrf_token_and_pages_need_a_session(web, client):
    url = new_draft(web)
    assert web.post(url, data={"title": "x"}).status_code == 403
    assert web.post("/resumes/new").status_code == 403
    r = client.get(url)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_template_previews_are_images(web):
    for name in ("classic", "modern", "compact", "academic"):
        r = web.get(f"/resumes/templates/{name}/preview.png")
        assert r.status_code == 200 and r.content.startswith(b"\x89PNG")
    assert web.get("/resumes/templates/../preview.png").status_code == 404
    assert web.get("/resumes/templates/base/preview.png").status_code == 404


def test_the_list_shows_drafts_and_recent_generations(web, client, api_user, database_url):
    draft = create_draft(client, api_user, title="Backend roles")
    client.post(f"/api/resumes/drafts/{draft['id']}/generations", headers=bearer(api_user))
    page = web.get("/resumes").text
    assert "Backend roles" in page and "Recently generated" in page and "Rendering" in page


def test_an_entry_moves_up(web, database_url):
    url = new_draft(web)
    page = web.get(url).text
    r = web.post(url, data=form_of(page) | {"work-0-name": "Older", "action": "add:work"})
    page = web.get(r.headers["location"]).text
    r = web.post(url, data=form_of(page) | {"work-1-name": "Newer", "action": "up:work:1"})
    assert r.status_code == 303 and r.headers["location"].endswith("#work-0")
    assert [w["name"] for w in stored(database_url, url)["work"]] == ["Newer", "Older"]


def test_a_render_lost_for_ten_minutes_says_so(web, client, api_user, database_url):
    draft = create_draft(client, api_user)
    gid = client.post(
        f"/api/resumes/drafts/{draft['id']}/generations", headers=bearer(api_user)
    ).json()["id"]
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE resume_generations SET created_at = now() - interval '11 minutes'"
            " WHERE id = %s",
            [gid],
        )
        conn.execute("DELETE FROM procrastinate_jobs WHERE args->>'generation_id' = %s", [gid])
    page = web.get(f"/resumes/generations/{gid}").text
    assert "This render did not finish" in page and "Rendering your resume" not in page
