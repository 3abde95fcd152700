"""Spoken numbers to written ones: "about eight hundred milliseconds" -> "~800 ms".

People say numbers; resumes write them. This module finds every quantity in a text (spoken or
written), resolves self-corrections ("three, no wait, four") and ranges ("ten to fifteen
percent"), and renders each one the way a resume would. The same parser gives the grounding
guard the set of values a transcript supports, so "thirty" said and "30" written match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

UNITS = {
    "zero": 0,
    "oh": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
SUFFIX_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mm": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
}
APPROX = {"about", "around", "roughly", "approximately", "approx", "~", "maybe"}
CURRENCY_SIGNS = {"$": "$", "€": "€", "£": "£"}
CURRENCY_WORDS = {
    "dollars": "$",
    "dollar": "$",
    "bucks": "$",
    "usd": "$",
    "euros": "€",
    "euro": "€",
    "eur": "€",
}
# Words that make "N points" a change in a rate, i.e. percentage points rather than a score.
RATE_WORDS = re.compile(
    r"\b(rate|retention|conversion|share|margin|percent|churn|attendance|accuracy|"
    r"utili[sz]ation|occupancy|yield|coverage|adoption|engagement|ctr)\b|%",
    re.I,
)
# Between a figure and the one that replaces it: a few words the speaker may repeat ("four days,
# no, three days"), an editing term, and a restart ("no sorry, it was more like thirty").
CORRECTION = re.compile(
    r"^(?P<carry>(?:\s+(?!no\b|wait\b|sorry\b)[a-z]+){0,3}?)[\s,.;:…–—-]*"
    r"(?:(?:no|wait|sorry|actually|i mean|or rather|rather|oops|scratch that|make that|"
    r"correction)\b[\s,.;:…–—-]*)+"
    r"(?:(?:it was|it's|it is|that was|that's|make it|more like|more|closer to|like|"
    r"actually|really|about|around|roughly)\b[\s,.;:…–—-]*)*$",
    re.I,
)
# Words a withdrawn figure carried that its replacement still needs: "four days, no, three".
_CARRY_UNITS = re.compile(r"^(?:(?!to\b|from\b|and\b|or\b|by\b|of\b)[a-z]+\s*){1,2}$", re.I)

_TOKEN = re.compile(
    r"(?P<num>(?<![A-Za-z0-9.])\d+(?:,\d{3})*(?:\.\d+)?(?:bn|mm|[kKmMbB](?![a-zA-Z]))?%?)"
    r"|(?P<sign>[$€£~%])|(?P<word>[A-Za-z]+)"
)


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a text, with where it sits and how to write it."""

    start: int
    end: int
    value: float  # the full value: "2.5 million" -> 2_500_000
    said: float  # the figure before any scale word: "2.5 million" -> 2.5
    kind: str  # number, percent, points, money, year, range, spoken (left as words)
    text: str  # how a resume writes it
    approx: bool = False
    low: float | None = None  # ranges: the lower end
    # Figures the speaker took back in favour of this one ("forty, no sorry, forty-eight").
    withdrawn: tuple[float, ...] = ()


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # num, sign, word

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str) -> list[_Tok]:
    return [
        _Tok(m.group(0), m.start(), m.end(), m.lastgroup or "word") for m in _TOKEN.finditer(text)
    ]


def _gap(text: str, a: _Tok, b: _Tok) -> str:
    return text[a.end : b.start]


def _spoken(toks: list[_Tok], i: int, text: str) -> tuple[int, float, float, bool, str] | None:
    """Parse number words from toks[i]; returns (next index, value, said, ambiguous, kind)."""
    total, current, last = 0.0, 0.0, None
    j, used_scales, decimals = i, 0, ""
    # "point five" without its zero is read as "five" by some tools: keep such figures as words.
    bare_point = toks[i].low == "point"
    scale_then_more = False
    while j < len(toks):
        t = toks[j]
        w = t.low
        if j > i and re.search(r"[^\s-]", _gap(text, toks[j - 1], t)):
            break  # punctuation ends a number: "three, four" is two numbers
        if t.kind != "word":
            break
        if j == i and w == "point" and j + 1 < len(toks) and toks[j + 1].low in UNITS:
            last = "unit"  # "point eight": a decimal said without its leading zero
        if j == i and w in ("a", "an"):
            if i > 0 and toks[i - 1].low in ("half", "quarter", "third", "fraction", "of"):
                return None  # "half a million": a fraction we would misstate as "1M"
            if j + 1 < len(toks) and toks[j + 1].low in ("hundred", *SCALES):
                current, last, j = 1, "unit", j + 1
                continue
            return None
        if w in UNITS and last in (None, "tens", "hundred", "scale", "and"):
            current += UNITS[w]
            last = "unit"
        elif w in TEENS and last in (None, "hundred", "scale", "and"):
            current += TEENS[w]
            last = "teen"
        elif w in TENS and last in (None, "hundred", "scale", "and"):
            current += TENS[w]
            last = "tens"
        elif (w in TEENS or w in TENS) and last in ("teen", "tens") and j == i + 1:
            # "twenty nineteen", "nineteen ninety-nine": a year, said in two halves.
            nxt, rest, _, _, _ = _spoken(toks, j, text) or (j + 1, 0.0, 0.0, False, "")
            year = current * 100 + rest
            return nxt, year, year, False, "year"
        elif w == "hundred" and last in ("unit", "teen", "tens") and current < 100:
            current *= 100
            last = "hundred"
        elif w in SCALES and last in ("unit", "teen", "tens", "hundred", "point"):
            if used_scales and SCALES[w] >= used_scales:
                break
            scale_then_more = scale_then_more or bool(used_scales)
            value = current + (float("0." + decimals) if decimals else 0)
            total += value * SCALES[w]
            current, decimals, used_scales, last = 0, "", SCALES[w], "scale"
        elif (
            w == "and"
            and last in ("hundred", "scale")
            and j + 1 < len(toks)
            and (toks[j + 1].low in UNITS or toks[j + 1].low in TEENS or toks[j + 1].low in TENS)
        ):
            last = "and"
        elif (
            w == "point"
            and last in ("unit", "teen", "tens")
            and j + 1 < len(toks)
            and (toks[j + 1].low in UNITS)
        ):
            j += 1
            while j < len(toks) and toks[j].low in UNITS:
                decimals += str(UNITS[toks[j].low])
                j += 1
            last = "point"
            continue
        else:
            break
        j += 1
    if j == i or last == "and":
        return None
    value = total + current + (float("0." + decimals) if decimals else 0)
    said = value / used_scales if used_scales and not current and not decimals else value
    # "one million two hundred thousand" is valid English but is often misread by tools that
    # treat the last scale word on its own; such numbers are left as the speaker said them.
    return j, value, said, bare_point or (scale_then_more and last == "scale"), "number"


def _fmt(v: float, commas: bool = True) -> str:
    if float(v).is_integer():
        return f"{int(v):,}" if commas and abs(v) >= 10_000 else str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _scaled(value: float) -> tuple[str, str]:
    """Split 2_500_000 into ("2.5", "M") for compact money figures."""
    for suffix, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(value) >= size and round(value / size, 2) * size == value:
            return _fmt(value / size, commas=False), suffix
    return _fmt(value), ""


def _find_one(toks: list[_Tok], i: int, text: str) -> tuple[int, Quantity] | None:
    """Read one quantity starting at toks[i] (approximator and currency included)."""
    start_i, approx = i, False
    if toks[i].low in APPROX and i + 1 < len(toks):
        approx, i = True, i + 1
    currency = ""
    if toks[i].text in CURRENCY_SIGNS and i + 1 < len(toks):
        currency, i = CURRENCY_SIGNS[toks[i].text], i + 1
    t = toks[i]
    scale_word = ""
    kind = "number"
    keep_words = False
    if t.kind == "num":
        raw = t.text
        pct = raw.endswith("%")
        raw = raw.rstrip("%")
        m = re.match(r"([\d,]+(?:\.\d+)?)(bn|mm|[kKmMbB])?$", raw)
        if not m:
            return None
        said = float(m.group(1).replace(",", ""))
        value = said * SUFFIX_SCALES.get((m.group(2) or "").lower(), 1)
        nxt = i + 1
        kind = "percent" if pct else "number"
        if m.group(2):
            scale_word = m.group(2)
        elif "," not in raw and "." not in raw and 1900 <= said <= 2100:
            kind = "year"
    elif t.kind == "word":
        parsed = _spoken(toks, i, text)
        if not parsed:
            return None
        nxt, value, said, keep_words, kind = parsed
    else:
        return None
    if (t.kind == "word" or not scale_word) and kind != "percent":
        if nxt < len(toks) and toks[nxt].text in ("k", "K") and kind != "year":
            value *= 1_000
            scale_word = "K"
            nxt += 1
        elif (
            nxt < len(toks)
            and toks[nxt].low in SCALES
            and kind != "year"
            and not re.search(r"[^\s-]", _gap(text, toks[nxt - 1], toks[nxt]))
        ):
            if t.kind == "num":
                value *= SCALES[toks[nxt].low]
            scale_word = toks[nxt].low
            nxt += 1
        elif t.kind == "word" and value >= 1000 and said != value:
            scale_word = next(w for w, s in SCALES.items() if s == round(value / said))
    unit = ""
    if nxt < len(toks) and kind not in ("year", "percent"):
        w = toks[nxt].low
        two = w + " " + toks[nxt + 1].low if nxt + 1 < len(toks) else ""
        if w in ("percent", "%") or two == "per cent":
            kind, nxt = "percent", nxt + (2 if two == "per cent" else 1)
        elif two == "percentage points" or w in ("points", "pts") or two == "percentage point":
            kind, nxt = "points", nxt + (2 if two.startswith("percentage") else 1)
        elif w in CURRENCY_WORDS and not currency:
            currency, nxt = CURRENCY_WORDS[w], nxt + 1
        elif w in ("milliseconds", "millisecond", "ms"):
            unit, nxt = "ms", nxt + 1
    if [x.low for x in toks[nxt : nxt + 3]] == ["and", "a", "half"]:
        # "two and a half thousand": fractions are left as said rather than risk a wrong figure.
        nxt += 3
        while nxt < len(toks) and toks[nxt].low in SCALES:
            nxt += 1
        keep_words = True
    if kind == "year" or keep_words:
        # Said as words and easy to misread as digits ("twenty nineteen"): keep the words.
        start = toks[start_i].start
        return nxt, Quantity(
            start,
            toks[nxt - 1].end,
            value,
            said,
            "spoken" if keep_words else "year",
            text[start : toks[nxt - 1].end],
            approx,
        )
    if (
        t.kind == "word"
        and value == said
        and value in (0, 1)
        and not (
            kind != "number"
            or currency
            or unit
            or (approx and value == 1)
            or _range_next(toks, nxt)
            or _change_target(toks, start_i)
        )
    ):
        return None  # "one of the", "zero downtime": a word, not a figure
    if currency:
        kind = "money"
    if t.kind == "num" and kind == "number" and not (unit or scale_word or approx):
        return nxt, Quantity(t.start, t.end, value, said, kind, t.text)
    start, end = toks[start_i].start, toks[nxt - 1].end
    q = Quantity(start, end, value, said, kind, "", approx)
    return nxt, replace(q, text=_render(q, text, unit, scale_word))


def _change_target(toks: list[_Tok], i: int) -> bool:
    """ "cut it down to one screen", "from five to one": the end of a change is a figure."""
    before = [t.low for t in toks[max(0, i - 3) : i]]
    return (
        len(before) >= 2
        and before[-1] == "to"
        and before[-2] in ("down", "up", "just")
        or (len(before) >= 2 and before[-1] == "to" and toks[max(0, i - 3)].kind == "num")
    )


def _range_next(toks: list[_Tok], i: int) -> bool:
    """ "one or two", "one to three": the word starts a range of figures."""
    return (
        i + 1 < len(toks)
        and toks[i].low in ("or", "to")
        and (toks[i + 1].low in UNITS or toks[i + 1].low in TEENS or toks[i + 1].kind == "num")
    )


def _render(q: Quantity, text: str, unit: str = "", scale_word: str = "") -> str:
    prefix = "~" if q.approx else ""
    if q.kind == "money":
        sign = next((s for s in CURRENCY_SIGNS.values() if s in text[q.start : q.end]), "$")
        if any(w in text[q.start : q.end].lower() for w in ("euro", "eur")):
            sign = "€"
        head, suffix = _scaled(q.value)
        return f"{prefix}{sign}{head}{suffix}"
    if q.kind == "percent":
        return f"{prefix}{_fmt(q.value)}%"
    if q.kind == "points":
        context = text[max(0, q.start - 80) : q.start]
        unit_text = "percentage points" if RATE_WORDS.search(context) else "pts"
        return f"{prefix}{_fmt(q.value)} {unit_text}"
    if scale_word in ("million", "billion", "trillion"):
        return f"{prefix}{_fmt(q.said, commas=False)} {scale_word}"
    if scale_word and scale_word.lower() in SUFFIX_SCALES:
        return f"{prefix}{_fmt(q.said, commas=False)}{scale_word}"
    return f"{prefix}{_fmt(q.value)}" + (f" {unit}" if unit else "")


def _merge(qs: list[Quantity], text: str) -> list[Quantity]:
    """Resolve self-corrections and ranges between neighbouring quantities."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        gap = text[prev.end : q.start] if prev else ""
        fix = CORRECTION.match(gap) if prev else None
        if prev and fix and re.search(r"[a-z]", gap, re.I) and prev.kind != "year":
            # "three, no wait, four engineers": the speaker withdrew the first figure.
            if q.kind == "number" and prev.kind in ("percent", "points", "money"):
                q = replace(q, kind=prev.kind)
                q = replace(q, text=_render(q, text))
            carry = fix.group("carry").strip()
            after = text[q.end : q.end + 40].lower()
            if (
                carry
                and _CARRY_UNITS.match(carry)
                and not after.lstrip().startswith(carry.split()[0].lower())
            ):
                q = replace(q, text=f"{q.text} {carry}")
            withdrawn = (*prev.withdrawn, round(prev.value, 6), round(prev.said, 6))
            out[-1] = replace(q, start=prev.start, withdrawn=withdrawn)
            continue
        before = text[max(0, (prev.start if prev else 0) - 40) : prev.start] if prev else ""
        is_range = (
            prev
            and (
                re.fullmatch(r"\s*(?:-|–|to|or)\s*", gap)
                or (re.fullmatch(r"\s+and\s+", gap) and re.search(r"between\s+$", before, re.I))
            )
            and not _FROM.search(before)
        )
        if (
            prev
            and is_range
            and prev.kind in ("number", q.kind)
            and q.kind != "year"
            and (prev.kind != "year")
        ):
            low_text = prev.text.lstrip("~")
            if prev.kind == "number" and q.kind != "number":
                low_text = _fmt(prev.value)  # "ten to fifteen percent" -> "10-15%"
            if q.kind == "money" and prev.kind == "number":
                head, suffix = _scaled(q.value)
                low_text = f"{q.text.lstrip('~')[0]}{_fmt(prev.value)}"
                high = f"{head}{suffix}"
            else:
                high = q.text.lstrip("~")
                if prev.kind == q.kind and q.kind == "money":
                    high = high.lstrip("$€£")
            start = prev.start
            if between := re.search(r"between\s+$", before, re.I):
                start = prev.start - len(between.group(0))
            approx = "~" if prev.approx or q.approx else ""
            out[-1] = Quantity(
                start,
                q.end,
                q.value,
                q.said,
                "range",
                f"{approx}{low_text}-{high}",
                bool(approx),
                low=prev.value,
            )
            continue
        out.append(q)
    return out


# "from (like) eight hundred to one twenty" is a change between two figures, not a range.
_FROM = re.compile(
    r"\bfrom\s+(?:(?:like|about|around|roughly|approximately|um|uh|maybe),?\s+)*$", re.I
)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in text, in order, after corrections and ranges are resolved."""
    toks = _tokens(text)
    found: list[Quantity] = []
    i = 0
    while i < len(toks):
        got = _find_one(toks, i, text)
        if got:
            i, q = got
            found.append(q)
        else:
            i += 1
    return _merge(found, text)


def normalise_numbers(text: str) -> str:
    """The text with every spoken or loose quantity rewritten as a resume would write it."""
    out, pos = [], 0
    for q in find_quantities(text):
        out.append(text[pos : q.start])
        out.append(q.text)
        pos = q.end
    out.append(text[pos:])
    return "".join(out)


def number_values(text: str) -> set[float]:
    """All figures a text states: full values, the figures as said, and both ends of ranges."""
    values: set[float] = set()
    for q in find_quantities(text):
        values.update({round(q.value, 6), round(q.said, 6)})
        if q.low is not None:
            values.add(round(q.low, 6))
    return values
