"""The report: what an ATS reads and loses, bullets scored with grounded rewrites, the whole,
and the match against a posting."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from resumepilot.ai.postings import parse_posting
from resumepilot.analyzer.bullets import grounded, score_bullet
from resumepilot.analyzer.report import analyze_file
from resumepilot.analyzer.whole import date_problems, whole_report
from tests.analyzer.conftest import corpus_file

JOB = """Registered Nurse, Emergency Department - Mercy General

Requirements
- 3+ years of emergency nursing experience
- ACLS and PALS certification
- Experience with Epic charting
- Trauma certification (TNCC)

Nice to have
- Spanish, preferred
"""


def test_docx_header_and_text_box_are_reported_as_lost() -> None:
    report = analyze_file(corpus_file("word_header_designer.docx"), "cv.docx").report
    kinds = {loss["kind"] for loss in report["ats"]["lost"]}
    assert {"header_footer", "text_boxes"} <= kinds
    assert any("contact details" in w for w in report["ats"]["warnings"])


def test_two_columns_are_reported_and_read_one_after_the_other() -> None:
    analysis = analyze_file(corpus_file("latex_twocol_analyst.pdf"))
    assert "columns" in {loss["kind"] for loss in analysis.report["ats"]["lost"]}
    text = analysis.report["ats"]["text"]
    # The sidebar's skills come whole, not interleaved with the experience beside them.
    assert text.index("SQL\nPython\npandas") < text.index("EXPERIENCE")


def test_vector_dots_are_bullets() -> None:
    resume = analyze_file(corpus_file("latex_twopage_engineer.pdf")).parsed.resume
    assert [len(job["highlights"]) for job in resume["work"]] == [4, 3, 3, 2]


@pytest.mark.parametrize(
    "text,flags",
    [
        ("Responsible for managing a team of 5 engineers", {"action_verb": False, "number": True}),
        (
            "Cut average door-to-triage time from 19 to 11 minutes by redesigning the intake "
            "huddle",
            {"action_verb": True, "result": True, "number": True},
        ),
        ("Reports were written every week", {"passive": True, "number": False}),
        ("Helped with various tasks", {"length_ok": False}),
    ],
)
def test_bullet_checks(text: str, flags: dict[str, bool]) -> None:
    report = score_bullet(text, "work[0].highlights[0]")
    for key, value in flags.items():
        assert getattr(report, key) is value, key
    assert report.score == 100 or report.advice


def test_rewrites_use_only_the_bullets_own_words() -> None:
    texts = [
        "Responsible for managing a team of 5 engineers across 3 sites.",
        "I successfully led the migration of 40 services",
        "Managing the payroll for 40 staff, etc.",
    ]
    for text in texts:
        rewrite = score_bullet(text, "x").rewrite
        assert rewrite is not None and grounded(rewrite, text)
        assert re.findall(r"\d+", rewrite) == re.findall(r"\d+", text)
    assert score_bullet(texts[0], "x").rewrite == "Managed a team of 5 engineers across 3 sites"
    assert score_bullet("Responsible for payroll", "x").rewrite is None  # no verb to use
    assert not grounded("Managed a team of 50 engineers", texts[0])
    assert not grounded("Led a team of 5 engineers", texts[0])


def test_dates_inconsistent_are_named() -> None:
    resume = {
        "work": [
            {"name": "Old Co", "startDate": "2015-01", "endDate": "2016-01"},
            {"name": "Backwards Ltd", "startDate": "2020-05", "endDate": "2019-01"},
            {"name": "Future Inc", "startDate": "2031-01"},
        ]
    }
    problems = " ".join(date_problems(resume, dt.date(2025, 6, 1)))
    assert "Backwards Ltd: ends" in problems and "Future Inc: starts in the future" in problems
    assert "newest first" in problems and "gap" in problems
    clean = {
        "work": [
            {"name": "A", "startDate": "2020-01"},
            {"name": "B", "startDate": "2017-01", "endDate": "2019-12"},
        ]
    }
    assert date_problems(clean, dt.date(2025, 6, 1)) == []


def test_contact_and_sections_of_the_whole() -> None:
    whole = whole_report({"basics": {"name": "A B", "email": "a@b.co"}, "work": [{}]})
    assert whole["contact"]["missing"][:2] == ["phone", "location"]
    assert {"education", "skills"} <= set(whole["sections"]["missing"])


def test_match_against_a_posting() -> None:
    posting = parse_posting(JOB)
    analysis = analyze_file(corpus_file("latex_onecol_nurse.pdf"), posting=posting)
    match = analysis.report["match"]
    found = {k["term"] for k in match["keywords_found"]}
    missing = {k["term"] for k in match["keywords_missing"]}
    assert {"ACLS", "PALS", "Epic"} <= found and "TNCC" in missing
    covered = {r["text"]: r["covered"] for r in match["requirements"]}
    assert (
        covered["ACLS and PALS certification"]
        and covered["3+ years of emergency nursing experience"]
    )
    assert not covered["Trauma certification (TNCC)"]
    assert 0 < match["keyword_score"] < 100
    assert match["must_total"] == 4 and match["must_covered"] == 3
