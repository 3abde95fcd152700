"""JSON Resume import (errors name the field) and export (valid against the official schema)."""

from __future__ import annotations

import json

import pytest

from resumepilot.documents.resume import ResumeError, parse_resume
from tests.documents.conftest import load_sample, reference_file


def _validator():
    import jsonschema

    schema = json.loads(reference_file("schema.json").read_text("utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def test_official_sample_round_trips_and_validates() -> None:
    data = json.loads(reference_file("sample.resume.json").read_text("utf-8"))
    exported = parse_resume(data).to_json_resume()
    assert list(_validator().iter_errors(exported)) == []
    assert exported["basics"]["name"] == data["basics"]["name"]
    assert exported["work"][0]["highlights"] == data["work"][0]["highlights"]
    assert exported["basics"]["profiles"] == data["basics"]["profiles"]


def test_own_sample_exports_valid_json_resume() -> None:
    exported = parse_resume(load_sample()).to_json_resume()
    assert list(_validator().iter_errors(exported)) == []
    assert exported["work"][0]["startDate"] == "2021-03"
    assert "endDate" not in exported["work"][0]


def test_present_end_date_is_exported_as_ongoing() -> None:
    data = load_sample()
    data["work"][0]["endDate"] = "Present"
    exported = parse_resume(data).to_json_resume()
    assert "endDate" not in exported["work"][0]
    assert list(_validator().iter_errors(exported)) == []


@pytest.mark.parametrize(
    ("patch", "where"),
    [
        ({"work": [{}, {"startDate": "June 2020"}]}, "work[1].startDate"),
        ({"basics": {"email": "not-an-email"}}, "basics.email"),
        ({"basics": {"profiles": [{"url": "javascript:alert(1)"}]}}, "basics.profiles[0].url"),
        ({"skills": [{"keywords": "python"}]}, "skills[0].keywords"),
        ({"education": [{"endDate": 2020}]}, "education[0].endDate"),
        ({"work": [{"highlights": ["x" * 5000]}]}, "work[0].highlights[0]"),
        ({"work": [{"highlights": ["x"] * 31}]}, "work[0].highlights"),
    ],
)
def test_bad_fields_are_named(patch: dict, where: str) -> None:
    with pytest.raises(ResumeError) as info:
        parse_resume(patch)
    assert any(e.startswith(f"{where}: ") for e in info.value.errors), info.value.errors


def test_not_an_object_is_refused() -> None:
    with pytest.raises(ResumeError, match="expected a JSON object"):
        parse_resume(["not", "a", "resume"])


def test_control_characters_are_stripped() -> None:
    resume = parse_resume({"basics": {"name": "Ada\x00 Love\x0blace\r\n"}})
    assert resume.basics.name == "Ada Lovelace"
