"""The parser on resumes made by other tools: field accuracy against hand-made truth files."""

from __future__ import annotations

import jsonschema
import pytest

from resumepilot.documents.reading import parse_resume
from tests.analyzer.accuracy import CORPUS, load_truth, score, truth_files
from tests.analyzer.conftest import resume_schema

TRUTHS = truth_files()


def test_corpus_has_ten_files_from_other_tools_under_the_size_budget() -> None:
    assert len(TRUTHS) >= 10
    tools = {load_truth(p)["tool"].split(",")[0].split(" ")[0] for p in TRUTHS}
    assert len(tools) >= 5, tools
    assert sum(f.stat().st_size for f in CORPUS.rglob("*") if f.is_file()) < 1_500_000


def test_overall_field_accuracy_is_at_least_95_percent() -> None:
    hits = total = 0
    misses: list[str] = []
    for path in TRUTHS:
        truth = load_truth(path)
        parsed = parse_resume((CORPUS / truth["file"]).read_bytes(), truth["file"])
        result = score(truth, parsed.resume, parsed.sections)
        hits, total = hits + result.hits, total + result.total
        misses += [f"{truth['file']}: {m}" for m in result.misses]
    assert total > 300
    assert hits / total >= 0.95, "\n".join(misses)


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name.split(".")[0])
def test_each_file_is_mostly_right_and_valid_json_resume(path) -> None:
    truth = load_truth(path)
    parsed = parse_resume((CORPUS / truth["file"]).read_bytes(), truth["file"])
    result = score(truth, parsed.resume, parsed.sections)
    assert result.share >= 0.85, result.misses
    jsonschema.validate(parsed.resume, resume_schema())
    # Headings come back in reading order.
    found = [h.casefold() for h in parsed.sections]
    expected = [h.casefold() for h in truth["headings"] if h.casefold() in found]
    assert [h for h in found if h in expected] == expected


def test_scorer_catches_a_wrong_field() -> None:
    truth = load_truth(TRUTHS[0])
    parsed = parse_resume((CORPUS / truth["file"]).read_bytes())
    parsed.resume["work"][0]["name"], parsed.resume["work"][0]["position"] = (
        parsed.resume["work"][0].get("position"),
        parsed.resume["work"][0].get("name"),
    )
    assert score(truth, parsed.resume, parsed.sections).share < 1.0
