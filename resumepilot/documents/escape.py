"""Typography and escaping: user text reaches LaTeX, Typst and URLs only through these functions."""

from __future__ import annotations

import re
from urllib.parse import quote

# Straight quotes and ASCII dashes become typographic characters in Python, once, so every
# format shows the same thing and no engine's ligature or smart-quote rules get a say.
_OPENING_CONTEXT = re.compile(r"(^|[\s(\[{\u2014\u2013/-])$")
_EN_DASH = re.compile(r"(?<=[\s\d])--(?=[\s\d])|^--(?=\s)|(?<=\s)--$")


def smarten(text: str) -> str:
    """Curly quotes, en and em dashes and ellipses from their ASCII spellings."""
    text = text.replace("...", "\u2026").replace("---", "\u2014")
    text = _EN_DASH.sub("\u2013", text)
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in "\"'":
            opening = bool(_OPENING_CONTEXT.search(text[:i]))
            if ch == '"':
                out.append("\u201c" if opening else "\u201d")
            else:
                # An apostrophe inside a word (don't, 90's) is a closing single quote.
                out.append("\u2018" if opening and i + 1 < len(text) else "\u2019")
        else:
            out.append(ch)
    return "".join(out)


_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "`": r"\textasciigrave{}",
    # Brackets could be read as an optional argument of the command before them (\item[...]).
    "[": "{[}",
    "]": "{]}",
    "\u00a0": "~",
    # Common symbols outside pdflatex's text fonts, set from the math fonts instead.
    "\u2248": r"\ensuremath{\approx}",
    "\u2264": r"\ensuremath{\leq}",
    "\u2265": r"\ensuremath{\geq}",
    "\u2260": r"\ensuremath{\neq}",
    "\u2192": r"\ensuremath{\rightarrow}",
    "\u2190": r"\ensuremath{\leftarrow}",
    "\u2191": r"\ensuremath{\uparrow}",
    "\u2193": r"\ensuremath{\downarrow}",
    "\u221e": r"\ensuremath{\infty}",
    "\u2212": r"\ensuremath{-}",
    "\n": " ",
    "\t": " ",
}


def latex_escape(text: str) -> str:
    """Text that LaTeX prints literally; smart punctuation is applied first."""
    out = "".join(_LATEX.get(ch, ch) for ch in smarten(text))
    # T1 fonts join -- , ,, and !` ?` into other glyphs; an empty group breaks the ligature.
    out = out.replace("--", "-{}-").replace("-{}--", "-{}-{}-").replace(",,", ",{},")
    # A leading * would turn a preceding \\ into \\*.
    return "{}" + out if out.startswith("*") else out


# Every character with a meaning in Typst markup, including ones that only matter at the start
# of a line (= + - / 1.) or in pairs (// -- ... -?), is backslash-escaped.
_TYPST_SPECIAL = set("\\#$*_`<>@[]~/-+=.:'\"?{}()")


def typst_escape(text: str) -> str:
    """Text that Typst markup prints literally; smart punctuation is applied first."""
    out: list[str] = []
    for ch in smarten(text):
        if ch in _TYPST_SPECIAL:
            out.append("\\" + ch)
        elif ch in "\n\t":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def typst_string(text: str) -> str:
    """A Typst string literal (with quotes) holding `text` unchanged."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    return f'"{body}"'


# Characters kept as they are in a URL; everything else is percent-encoded so no TeX-active
# character (~ ^ { } \ $ space) is left for \href to choke on.
_URL_SAFE = "/:?#[]@!&'()*+,;=-._"


def safe_url(url: str) -> str:
    """The URL percent-encoded down to characters that are harmless in LaTeX and Typst."""
    return quote(url, safe=_URL_SAFE + "%").replace("~", "%7E")


def latex_url(url: str) -> str:
    """A URL for the first argument of \\href."""
    return (
        safe_url(url)
        .replace("\\", "%5C")
        .replace("%", r"\%")
        .replace("#", r"\#")
        .replace("&", r"\&")
    )


_CJK = (
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]"
)
_FIRST_CJK = "\u1100"

# Characters pdflatex's utf8 + T1/TS1 set-up prints; anything else needs a Unicode engine.
_PDFLATEX_EXTRA = set("\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u2022\u20ac\u2122")
_PDFLATEX_EXTRA |= set("\u2020\u2021\u2030\u2039\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e")
_PDFLATEX_EXTRA |= set("\u0141\u0142\u0131\u02c6\u02dc\u00a0")
_PDFLATEX_EXTRA |= {ch for ch in _LATEX if len(ch) == 1}


def has_cjk(text: str) -> bool:
    """True when the text holds Chinese, Japanese or Korean characters."""
    # Compiling the ranges costs ~10 ms, a tenth of a whole `resumepilot render`: text with no
    # character at or past the first CJK block is answered without it.
    if max(text, default="") < _FIRST_CJK:
        return False
    return re.search(_CJK, text) is not None


def pdflatex_can_print(text: str) -> bool:
    """True when every character is one pdflatex with utf8/T1 can typeset."""
    return all(ord(ch) < 0x180 or ch in _PDFLATEX_EXTRA for ch in text)
