"""Text clean-up shared by the readers: ligatures, quotes, invisible characters, bullet glyphs."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Curly quotes become straight ones: ATS keyword matching and our own comparisons expect them.
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}
_SPACES = {
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2007": " ",
    "\u3000": " ",
    "\t": " ",
}
# Soft hyphens and zero-width characters; pdfium marks a hyphen it removed with U+FFFE / U+0002.
_INVISIBLE = {
    "\u00ad": None,
    "\u200b": None,
    "\u200c": None,
    "\u200d": None,
    "\ufeff": None,
    "\u2060": None,
    "\ufffe": None,
    "\x02": None,
    "\x00": None,
}
_TABLE = str.maketrans({**_LIGATURES, **_QUOTES, **_SPACES, **_INVISIBLE})

# Glyphs people draw bullets with, including the private-use Symbol/Wingdings code points
# Word maps its bullets to, and a lone "o" or "-" used as a bullet.
BULLET_GLYPHS = "•●○◦▪▫■□◆◇♦❖➢➤►▶▸‣⁃∙·⋅✓✔☐➔→*–—-\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8"
_BULLET_RE = re.compile(r"^\s*(?:[" + re.escape(BULLET_GLYPHS) + r"]|o(?=\s))\s*")

# Compound prefixes whose hyphen is real when a line wraps after it: "cross-\nfunctional".
_KEEP_HYPHEN = frozenset(
    [
        "self",
        "well",
        "cross",
        "co",
        "non",
        "multi",
        "full",
        "part",
        "long",
        "short",
        "high",
        "low",
        "end",
        "real",
        "first",
        "second",
        "third",
        "one",
        "two",
        "three",
        "four",
        "five",
        "data",
        "cost",
        "time",
        "state",
        "world",
        "user",
        "client",
        "customer",
        "team",
        "fast",
        "hands",
        "on",
        "follow",
        "front",
        "back",
        "e",
        "x",
        "year",
        "month",
        "day",
        "week",
        "best",
        "top",
        "mid",
        "semi",
        "pre",
        "post",
        "anti",
        "sub",
        "inter",
        "intra",
    ]
)


# TeX's old OT1 fonts draw an accent as its own character before the letter: "Col´aiste".
_SPACING_ACCENTS = {
    "\u00b4": "\u0301",
    "\u00a8": "\u0308",
    "\u02c6": "\u0302",
    "\u02dc": "\u0303",
    "\u00b8": "\u0327",
    "\u02c7": "\u030c",
    "\u02d8": "\u0306",
    "`": "\u0300",
}
_ACCENT_RE = re.compile(
    r"(?<=[^\W\d_])([\u00b4\u00a8\u02c6\u02dc\u00b8\u02c7\u02d8`])([A-Za-z\u0131])"
    r"|(?<![\w`])([\u00b4\u00a8\u02c6\u02dc\u02c7])([A-Za-z\u0131])"
)


def _accent(m: re.Match[str]) -> str:
    mark, letter = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return unicodedata.normalize("NFC", letter.replace("\u0131", "i") + _SPACING_ACCENTS[mark])


def clean(text: str) -> str:
    """One line of extracted text with ligatures, curly quotes and odd spaces normalised."""
    text = _ACCENT_RE.sub(_accent, text)
    text = unicodedata.normalize("NFC", text.translate(_TABLE).replace("\u0131\u0301", "\u00ed"))
    text = "".join(ch for ch in text if ch == "\t" or unicodedata.category(ch) != "Cc")
    return re.sub(r" {2,}", " ", text).strip()


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text without its leading bullet glyph, and whether there was one."""
    m = _BULLET_RE.match(text)
    if not m or m.end() == len(text):
        return text, False
    rest = text[m.end() :]
    # "-3% churn" or "- " is ambiguous; a glyph followed by a space or a letter is a bullet.
    if text.lstrip()[0] in "-–—" and not text.lstrip()[1:2].isspace():
        return text, False
    return rest.strip(), True


def join_wrapped(left: str, right: str) -> str:
    """Joins a line that wrapped; removes the hyphen of a word broken across the lines."""
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    m = re.search(r"([A-Za-z]+)-$", left)
    if m and right[:1].islower() and not left.endswith("--"):
        token = left.rsplit(" ", 1)[-1]
        if m.group(1).lower() in _KEEP_HYPHEN or "/" in token or "@" in token:
            return left + right
        return left[:-1] + right
    if left.endswith("/"):
        return left + right
    return f"{left} {right}"
