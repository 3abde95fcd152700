"""What storable_text calls unstorable is exactly what PostgreSQL refuses: NUL and surrogates
(from JSON escapes or from bytes that were not UTF-8); every other character is stored as is."""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg.types.json import Jsonb

from resumepilot.storable_text import escape_unstorable, first_unstorable, strip_unstorable

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))
UNSTORABLE = ["\x00", "\ud800", "\udbff", "\udc00", "\udfff"]


def test_text_a_user_types_is_storable() -> None:
    # An emoji escaped in JSON as a surrogate pair is one character once parsed.
    for text in ["", "Ada Lovelace", "Zoë, 東京, ∑", json.loads('"\\ud83d\\ude00"'), "tab\there\n"]:
        assert first_unstorable(text) is None
        assert strip_unstorable(text) == text
        assert escape_unstorable(text) == text


def test_the_first_unstorable_character_is_found_wherever_it_comes_from() -> None:
    assert first_unstorable("Ann\x00 Lee\ud800") == "\x00"
    assert first_unstorable(json.loads('{"a": "x\\ud800"}')["a"]) == "\ud800"
    assert first_unstorable(json.loads('"\\u0000"')) == "\x00"
    not_utf8 = b"caf\xe9".decode("utf-8", errors="surrogateescape")
    assert first_unstorable(not_utf8) == "\udce9"


def test_stripping_removes_exactly_nul_and_the_surrogates() -> None:
    kept = strip_unstorable(EVERY_CHARACTER)
    assert len(EVERY_CHARACTER) - len(kept) == 1 + 0x800  # NUL and U+D800..U+DFFF
    assert first_unstorable(kept) is None
    assert strip_unstorable("Ann\x00\ud800 Lee\udcff") == "Ann Lee"


def test_escaping_spells_each_one_out_and_leaves_nothing_unstorable() -> None:
    assert escape_unstorable("na\x00me") == "na\\u0000me"
    assert escape_unstorable("\ud800\udcff!") == "\\ud800\\udcff!"
    assert first_unstorable(escape_unstorable(EVERY_CHARACTER)) is None


@pytest.mark.parametrize("character", UNSTORABLE)
def test_postgresql_refuses_what_is_called_unstorable(pg_server_url: str, character: str) -> None:
    with psycopg.connect(pg_server_url) as conn, pytest.raises((psycopg.Error, UnicodeError)):
        conn.execute("SELECT %s::text", [f"a{character}b"])


def test_postgresql_stores_everything_else_in_text_and_jsonb(pg_server_url: str) -> None:
    kept = strip_unstorable(EVERY_CHARACTER)
    with psycopg.connect(pg_server_url) as conn:
        row = conn.execute("SELECT %s::text, %s::jsonb", [kept, Jsonb({kept[:5000]: kept})])
        text, document = row.fetchone() or (None, None)
    assert text == kept
    assert document == {kept[:5000]: kept}
