"""The builder's pure parts: reading the form, naming bad fields, assembling with role defaults,
and picking bullets from the library. No database, no server."""

from __future__ import annotations

import uuid

import pytest
from starlette.datastructures import FormData

from resumepilot.documents.resume import ResumeError, parse_resume
from resumepilot.documents.roles import ROLES
from resumepilot.documents.themes import template_names
from resumepilot.resumes.assembly import (
    ROLE_DEFAULTS,
    PickError,
    add_picked_bullets,
    assemble,
    editor_sections,
    library,
    new_draft_data,
)
from resumepilot.resumes.forms import clean, field_errors, lines_of, read_entries
from tests.documents.conftest import load_sample


def test_every_role_has_defaults_with_a_real_template():
    assert set(ROLE_DEFAULTS) == set(ROLES)
    assert {d.template for d in ROLE_DEFAULTS.values()} <= set(template_names())


def test_the_editor_follows_the_roles_section_order():
    assert editor_sections("software_engineer") == ["work", "skills", "projects", "education"]
    assert editor_sections("new_graduate") == ["education", "projects", "work", "skills"]
    assert editor_sections("career changer") == ["skills", "projects", "work", "education"]


def test_pasted_bullets_lose_their_marks_and_blank_lines():
    assert lines_of("• One\n- Two\n\n  * Three  \n1. Four\n2) Five\n-5% churn") == [
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "-5% churn",
    ]


def test_the_form_is_read_over_the_stored_draft_keeping_what_it_does_not_show():
    stored = {
        "basics": {"name": "Old", "profiles": [{"network": "GitHub"}]},
        "work": [{"name": "Acme", "url": "https://acme.example", "summary": "Kept"}],
        "awards": [{"title": "Prize"}],
    }
    form = FormData(
        [
            ("basics-name", " Ada "),
            ("basics-location-city", "London"),
            ("work-0-name", "Acme Ltd"),
            ("work-0-highlights", "Did A\nDid B"),
            ("work-1-name", ""),
            ("work-1-position", ""),  # a blank entry is dropped
            ("skills-0-keywords", "SQL, , Python"),
            ("projects-0-name", "Engine"),
            ("work-999-name", "ignored: beyond any real entry count"),
        ]
    )
    data = read_entries(form, stored)
    assert data["basics"]["name"] == "Ada" and data["basics"]["location"] == {
        "city": "London",
        "region": "",
        "countryCode": "",
    }
    assert data["basics"]["profiles"] == [{"network": "GitHub"}]
    assert data["work"] == [
        {
            "name": "Acme Ltd",
            "url": "https://acme.example",
            "summary": "Kept",
            "position": "",
            "startDate": "",
            "endDate": "",
            "location": "",
            "highlights": ["Did A", "Did B"],
        }
    ]
    assert data["skills"] == [{"name": "", "keywords": ["SQL", "Python"]}]
    assert data["awards"] == [{"title": "Prize"}]
    cleaned = clean(data)
    assert cleaned["work"][0] == {
        "name": "Acme Ltd",
        "url": "https://acme.example",
        "summary": "Kept",
        "highlights": ["Did A", "Did B"],
    }


def test_model_errors_land_on_their_form_fields_with_names_a_person_reads():
    bad = load_sample()
    bad["work"][1]["startDate"] = "soon"
    bad["work"][0]["highlights"][2] = "x" * 5000
    bad["basics"]["name"] = "n" * 400
    bad["skills"][0]["keywords"] = ["k"] * 70
    with pytest.raises(ResumeError) as caught:
        parse_resume(bad)
    errors = field_errors(caught.value)
    assert errors.by_field["work-1-startDate"].startswith("expected a date like 2020")
    assert errors.by_field["work-0-highlights"].startswith("line 3: at most 4000 characters")
    assert errors.by_field["basics-name"] == "at most 300 characters are allowed (this has 400)"
    assert errors.by_field["skills-0-keywords"] == "at most 60 entries are allowed (this has 70)"
    assert (
        "Experience 2, Start date (work[1].startDate): expected a date like 2020, 2020-06 "
        "or 2020-06-15"
    ) in errors.messages
    assert any(m.startswith("Full name (basics.name)") for m in errors.messages)


def test_a_new_draft_starts_from_the_profile():
    data = new_draft_data(
        {"full_name": "Ada", "job_title": "Analyst", "company": "Babbage"}, "ada@example.com"
    )
    assert data == {
        "basics": {"name": "Ada", "label": "Analyst", "email": "ada@example.com"},
        "work": [{"name": "Babbage", "position": "Analyst"}],
    }
    assert new_draft_data({}, None) == {}


def test_assembly_fills_gaps_from_the_profile_and_trims_older_roles_for_the_role():
    data = load_sample()
    data["basics"]["name"] = ""
    data["work"].append({"name": "Old Co", "highlights": [f"b{i}" for i in range(5)]})
    profile = {"full_name": "Ada Lovelace", "job_title": "Analyst"}
    kept = assemble(data, profile, role="researcher", trim_older_roles=True)
    assert kept.resume["basics"]["name"] == "Ada Lovelace"
    assert kept.resume["basics"]["label"] == data["basics"]["label"]  # the draft's own wins
    assert len(kept.resume["work"][2]["highlights"]) == 5 and kept.notes == []
    trimmed = assemble(data, profile, role="executive", trim_older_roles=True)
    assert trimmed.resume["work"][2]["highlights"] == ["b0", "b1"]
    assert trimmed.resume["work"][0]["highlights"] == data["work"][0]["highlights"]
    assert trimmed.notes == [
        "Old Co: kept the first 2 of 5 bullets, as older roles stay short for this target role."
    ]
    assert len(data["work"][2]["highlights"]) == 5  # the draft itself is untouched
    untouched = assemble(data, profile, role="executive", trim_older_roles=False)
    assert len(untouched.resume["work"][2]["highlights"]) == 5


def test_library_rows_of_any_shape_give_only_usable_bullets():
    rid = uuid.uuid4()
    groups = library(
        [
            {
                "id": rid,
                "question": "Q?",
                "experience": None,
                "role": "sales",
                "bullets": [
                    {"text": "  Grew  revenue\n 20% "},
                    {"text": ""},
                    {"score": 1},
                    42,
                    "Plain",
                ],
            },
            {"id": uuid.uuid4(), "question": "Empty", "bullets": []},
            {"id": uuid.uuid4(), "question": "Broken", "bullets": {"text": "not a list"}},
        ]
    )
    assert len(groups) == 1 and groups[0].heading == "Q?" and groups[0].role == "sales"
    assert [(b.key, b.text) for b in groups[0].bullets] == [
        (f"{rid}:0", "Grew revenue 20%"),
        (f"{rid}:4", "Plain"),
    ]


def test_picked_bullets_go_to_the_chosen_entry_once():
    rid = uuid.uuid4()
    groups = library(
        [
            {
                "id": rid,
                "question": "Q",
                "experience": "Acme launch",
                "bullets": [{"text": "Shipped X"}, {"text": "Hired Y"}],
            }
        ]
    )
    data = {"work": [{"name": "Acme", "highlights": ["shipped x"]}], "projects": [{"name": "P"}]}
    assert add_picked_bullets(data, [f"{rid}:0", f"{rid}:1"], "work:0", groups) == 1
    assert data["work"][0]["highlights"] == ["shipped x", "Hired Y"]
    assert add_picked_bullets(data, [f"{rid}:0"], "projects:0", groups) == 1
    assert data["projects"][0]["highlights"] == ["Shipped X"]
    add_picked_bullets(data, [f"{rid}:1"], "new-work", groups)
    assert data["work"][-1] == {"name": "Acme launch", "highlights": ["Hired Y"]}
    for picks, target, why in (
        ([], "work:0", "at least one"),
        ([f"{rid}:0"], "work:9", "no longer exists"),
        ([f"{rid}:0"], "awards:0", "experience or project"),
        ([f"{uuid.uuid4()}:0"], "work:0", "at least one"),
    ):
        with pytest.raises(PickError, match=why):
            add_picked_bullets(data, picks, target, groups)


def test_bullets_chosen_on_the_bullets_page_come_pre_ticked_and_starred_first():
    row = {
        "id": uuid.uuid4(),
        "experience": "Acme",
        "role": "software_engineer",
        "bullets": [
            {"text": "Cut build times from 20 to 4 minutes"},
            {"text": "Led the move to Kubernetes", "starred": True},
            {"text": "Mentored 3 engineers", "selected": True},
        ],
    }
    (group,) = library([row])
    assert [b.text for b in group.bullets] == [
        "Led the move to Kubernetes",
        "Cut build times from 20 to 4 minutes",
        "Mentored 3 engineers",
    ]
    assert [b.selected for b in group.bullets] == [False, False, True]
    assert group.bullets[0].starred and group.bullets[0].key.endswith(":1")
