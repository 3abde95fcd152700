"""Written numbers to the words people say for them: "30%" -> "thirty percent".

The language model is trained on words, and a reader of "$400k" says "four hundred thousand
dollars", so corpus and bias text are spoken out before n-grams are counted. Years and other
numbers get every common reading ("twenty twenty" and "two thousand twenty").
"""

from __future__ import annotations

import re

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")]
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_MAGNITUDES = {"k": "thousand", "m": "million", "mm": "million", "b": "billion", "bn": "billion"}
_CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds"}


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_UNITS[hundreds], "hundred"]
    if rest >= 20:
        words.append(_TENS[rest // 10])
        if rest % 10:
            words.append(_UNITS[rest % 10])
    elif rest >= 10:
        words.append(_TEENS[rest - 10])
    elif rest or not words:
        words.append(_UNITS[rest])
    return words


def cardinal(n: int) -> str:
    """American reading of a whole number: 1250 -> "one thousand two hundred fifty"."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 1000:
        return " ".join(_below_thousand(n))
    words: list[str] = []
    for value, name in _SCALES:
        if n >= value:
            words += [cardinal(n // value), name]
            n %= value
    if n:
        words += _below_thousand(n)
    return " ".join(words)


def year(n: int) -> str:
    """The usual reading of a year: 1999 -> "nineteen ninety nine", 2020 -> "twenty twenty"."""
    high, low = divmod(n, 100)
    if n % 1000 < 10 and n >= 2000:  # 2005 -> "two thousand five"
        return cardinal(n)
    if low == 0:
        return cardinal(high) + " hundred"
    if low < 10:
        return cardinal(high) + " oh " + _UNITS[low]
    return cardinal(high) + " " + cardinal(low)


def ordinal(n: int) -> str:
    """21 -> "twenty first"."""
    words = cardinal(n).split()
    last = words[-1]
    if last in _ORDINAL_WORDS:
        words[-1] = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def decimal(text: str) -> str:
    """ "1.25" -> "one point two five"; whole numbers as cardinals."""
    whole, _, fraction = text.partition(".")
    spoken = cardinal(int(whole or "0"))
    if fraction:
        spoken += " point " + " ".join(_UNITS[int(d)] for d in fraction)
    return spoken


def readings(number: str) -> list[str]:
    """Every common reading of one written number (years read two ways)."""
    digits = number.replace(",", "")
    if "." in digits:
        return [decimal(digits)]
    n = int(digits)
    if 1900 <= n <= 2099 and "," not in number:
        # "nineteen ninety nine", and the reading text-to-speech voices use for 1900-1999:
        # "nineteen hundred ninety nine"; 2000-2099 also as "two thousand twenty".
        century = cardinal(n // 100) + " hundred " + cardinal(n % 100) if n < 2000 else ""
        return list(dict.fromkeys(filter(None, [year(n), century or cardinal(n)])))
    return [cardinal(n)]


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = re.compile(rf"([$€£])\s?({_NUMBER})(?:\s?(k|mm|m|bn|b|thousand|million|billion)\b)?", re.I)
_PERCENT = re.compile(rf"({_NUMBER})\s?%")
_SUFFIXED = re.compile(rf"\b({_NUMBER})(k|mm|bn)\b", re.I)
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_PLAIN = re.compile(rf"(?<![\w.])({_NUMBER})(?![\d])")


def speak(text: str, variant: int = 0) -> str:
    """Text with every written number replaced by words; `variant` picks among readings."""

    def pick(number: str) -> str:
        options = readings(number)
        return options[variant % len(options)]

    def money(m: re.Match[str]) -> str:
        scale = (m.group(3) or "").lower()
        scale = _MAGNITUDES.get(scale, scale)
        return " ".join(filter(None, [pick(m.group(2)), scale, _CURRENCIES[m.group(1)]]))

    text = _MONEY.sub(money, text)
    text = _PERCENT.sub(lambda m: pick(m.group(1)) + " percent", text)
    text = _SUFFIXED.sub(lambda m: pick(m.group(1)) + " " + _MAGNITUDES[m.group(2).lower()], text)
    text = _ORDINAL.sub(lambda m: ordinal(int(m.group(1))), text)
    text = _PLAIN.sub(lambda m: f" {pick(m.group(1))} ", text)  # "10x" -> "ten x"
    return re.sub(r"[ \t]+", " ", text).strip()
