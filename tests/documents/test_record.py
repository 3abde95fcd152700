"""Record, the dataclass stand-in of the render path: the behaviour the renderers rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from resumepilot.documents.content import Entry
from resumepilot.documents.record import Record
from resumepilot.documents.themes import Theme, _parsed_toml, load_theme


class Point(Record, frozen=True):
    x: int
    y: int = 0


def test_list_defaults_are_not_shared_between_instances() -> None:
    first, second = Entry(title="A"), Entry(title="B")
    first.bullets.append("did a thing")
    assert second.bullets == []


def test_construction_by_position_and_keyword_with_clear_errors() -> None:
    assert Point(1, 2) == Point(x=1, y=2) != Point(1)
    assert repr(Point(1)) == "Point(x=1, y=0)"
    with pytest.raises(TypeError, match="missing 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="no field 'z'"):
        Point(1, z=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'x' twice"):
        Point(1, x=2)  # type: ignore[misc]


def test_frozen_records_are_immutable_and_hashable_others_are_unhashable() -> None:
    point = Point(1)
    with pytest.raises(AttributeError, match="frozen"):
        point.x = 5  # type: ignore[misc]
    assert {Point(1), Point(1, 0)} == {point}
    with pytest.raises(TypeError):
        hash(Entry())


def test_theme_replace_and_fields_work_like_dataclasses() -> None:
    theme = load_theme("classic")
    tighter = theme.tightened(2)
    assert tighter != theme and tighter.name == theme.name
    assert theme.replace(font_size=9.0).font_size == 9.0 and theme.font_size != 9.0
    assert Theme.field_names()[:3] == ("name", "description", "font")


def test_theme_files_are_parsed_again_after_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
    theme = folder / "mine.toml"
    theme.write_text("font_size = 10.5\n", encoding="utf-8")
    assert _parsed_toml(theme) == {"font_size": 10.5}
    assert len(list((folder / "cache" / "resumepilot" / "themes").iterdir())) == 1
    theme.write_text("font_size = 11.25\n", encoding="utf-8")
    assert _parsed_toml(theme) == {"font_size": 11.25}
