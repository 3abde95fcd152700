"""Text to the lower-case words the recognizer's dictionary and language model use."""

from __future__ import annotations

import re

from resumepilot.speech.numbers import speak

_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
# Said as letters when written in capitals: "AWS" -> "a w s" is one word "aws" to us.
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}s?\b|\b[A-Za-z]{1,3}(?=\d)")


def spoken_words(text: str, variant: int = 0) -> list[str]:
    """The words a reader would say for `text`: numbers spoken, punctuation gone."""
    text = speak(text, variant)
    text = re.sub(r"[\u2018\u2019\u02bc`]", "'", text)
    text = text.replace("&", " and ").replace("+", " plus ").replace("#", " sharp ")
    text = re.sub(r"(?<=\w)\.(?=[a-zA-Z])", " dot ", text)  # node.js -> node dot js
    words: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("-", " ").replace("/", " ")):
        for part in _LETTER_DIGIT.sub(" ", token).split():
            # A digit run left by a letter split ("s3" -> "s 3") is read as a number.
            words += speak(part).split() if part.isdigit() else [part]
    return words


def acronyms(text: str) -> set[str]:
    """Words written in capitals (AWS, KPIs): spelled out when the dictionary lacks them."""
    found = set()
    for m in _ACRONYM.finditer(text):
        letters = re.sub(r"\d.*", "", m.group(0)).lower()
        if letters:
            found.add(letters)
    return found
