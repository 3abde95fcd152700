"""What the resume pages share: redirects after a post and the flash messages they carry."""

from __future__ import annotations

from fastapi.responses import RedirectResponse

SAVED = {
    1: "Draft saved.",
    2: "Resume imported. Check each section, then generate.",
    3: "Bullets added to your resume.",
    4: "Draft deleted.",
    5: "The bullets you chose in the library are on this draft, under the jobs they came from "
    "(best first, at most 6 a job).",
}


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
