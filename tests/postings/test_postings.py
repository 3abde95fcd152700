"""Job postings from pasted text and from JSON Resume job files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resumepilot.ai.postings import PostingError, cover, parse_posting
from resumepilot.ai.postings.models import Requirement
from tests.conftest import IN_CI

PASTED = """Warehouse Shift Supervisor at Northgate Logistics

Northgate Logistics moves freight for 300 retailers.

What you'll do:
- Lead a team of 30 associates on second shift
- Run daily safety huddles

What we're looking for:
- 2+ years supervising warehouse teams
- Forklift certification and OSHA 10
- Experience with a WMS such as Manhattan or SAP
- Bilingual English/Spanish is a plus

Bonus points
- Lean or Six Sigma training
"""


def test_pasted_text_title_company_and_requirements() -> None:
    posting = parse_posting(PASTED)
    assert (posting.title, posting.company) == ("Warehouse Shift Supervisor", "Northgate Logistics")
    musts = [r.text for r in posting.requirements if r.must]
    nices = [r.text for r in posting.requirements if not r.must]
    assert musts == [
        "2+ years supervising warehouse teams",
        "Forklift certification and OSHA 10",
        "Experience with a WMS such as Manhattan or SAP",
    ]
    assert nices == ["Bilingual English/Spanish is a plus", "Lean or Six Sigma training"]
    assert posting.responsibilities[0] == "Lead a team of 30 associates on second shift"
    weights = {k.term: k.weight for k in posting.keywords}
    assert weights["OSHA"] == 3.0 and weights["Lean"] == 1.5
    assert weights["WMS"] > weights["Six Sigma"]


def test_json_resume_job_file() -> None:
    path = (
        Path(__file__).resolve().parents[2].parent / "shared/reference/jsonresume/sample.job.json"
    )
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} is required in CI")
        pytest.skip(f"{path} is absent")
    posting = parse_posting(path.read_text("utf-8"))
    assert (posting.title, posting.company) == ("Web Developer", "Microsoft")
    assert all(r.must for r in posting.requirements)
    assert {"JavaScript", "React", "MongoDB"} <= {k.term for k in posting.keywords}
    assert posting.responsibilities[0] == "Develop and maintain web applications"


@pytest.mark.parametrize(
    "text,why",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 40_000, "longer than"),
        ("{broken", "not valid JSON"),
        (json.dumps({"name": "a resume"}), "not a job posting"),
    ],
)
def test_unusable_postings_say_why(text: str, why: str) -> None:
    with pytest.raises(PostingError) as info:
        parse_posting(text)
    assert why in info.value.message and info.value.status_code == 422


def test_cover_needs_most_keywords_or_shared_words() -> None:
    req = Requirement("SQL, Python and Tableau", True, ["SQL", "Python", "Tableau"])
    assert cover(req, ["Wrote SQL reports", "Automated them in Python"]).covered
    assert not cover(req, ["Wrote SQL reports"]).covered
    plain = Requirement("Experience supervising warehouse teams", True, [])
    assert cover(plain, ["Supervised 45 warehouse associates across teams"]).covered
    assert not cover(plain, ["Baked bread for a farmers market"]).covered
    years = Requirement("5+ years in logistics", True, [])
    assert cover(years, ["logistics coordinator"], years=2).missing == ["5+ years"]
