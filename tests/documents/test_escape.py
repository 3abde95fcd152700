"""The escapers: typography first, then every special character of each language."""

from __future__ import annotations

import pytest

from resumepilot.documents.escape import latex_escape, latex_url, smarten, typst_escape


@pytest.mark.parametrize(
    ("plain", "smart"),
    [
        ('She said "ship it"', "She said \u201cship it\u201d"),
        ("it's 'fine'", "it\u2019s \u2018fine\u2019"),
        ("2019--2020", "2019\u20132020"),
        ("wait---what", "wait\u2014what"),
        ("and so on...", "and so on\u2026"),
        ("run --verbose", "run --verbose"),
    ],
)
def test_smarten(plain: str, smart: str) -> None:
    assert smarten(plain) == smart


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("# $ % & _ { }", r"\# \$ \% \& \_ \{ \}"),
        ("~ ^ \\", r"\textasciitilde{} \textasciicircum{} \textbackslash{}"),
        ("< > |", r"\textless{} \textgreater{} \textbar{}"),
        ("[opt]", "{[}opt{]}"),
        (r"\input{/etc/passwd}", r"\textbackslash{}input\{/etc/passwd\}"),
        ("--flag", "-{}-flag"),
        ("*star", "{}*star"),
    ],
)
def test_latex_escape(text: str, latex: str) -> None:
    assert latex_escape(text) == latex


def test_latex_escape_leaves_no_command_or_group() -> None:
    hostile = r"\write18{rm} \def\x{y} $x$ #1 %comment & ^^5c ~ {}"
    out = latex_escape(hostile)
    # Every backslash the escaper emits starts one of its own safe commands.
    commands = {m for m in __import__("re").findall(r"\\[a-zA-Z]+|\\.", out)}
    assert commands <= {
        r"\textbackslash",
        r"\{",
        r"\}",
        r"\$",
        r"\#",
        r"\%",
        r"\&",
        r"\textasciicircum",
        r"\textasciitilde",
    }


def test_typst_escape_escapes_every_markup_character() -> None:
    out = typst_escape("#let x = $a$ *b* _c_ `d` <e> @f [g] \\h ~i //j -k +l =m 1.n 'o' \"p\"")
    for ch in "#$*_`<>@[]~/-+=.":
        # Each occurrence is preceded by a backslash.
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch and i > 0), ch


def test_latex_url_has_no_active_characters() -> None:
    url = latex_url("https://example.com/a b~c?x=1&y={2}#frag")
    assert " " not in url and "~" not in url and "{" not in url
    assert r"\#frag" in url and r"\&" in url
