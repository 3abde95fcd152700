"""The answer corpus the built-in recognizer's language model is estimated from.

data/corpus/*.txt hold spoken interview answers written for ResumePilot, one answer a line.
A line may name a tool slot, `{tool}` or `{tool:GROUP}` (groups as in data/tools.txt), and
any numbers. Each line is read several times with other tools and other numbers of the same
shape, so that the model learns "cut costs by N percent" rather than one N.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from resumepilot.speech.words import acronyms, spoken_words

_SLOT = re.compile(r"\{tool(?::(\w+))?\}")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\d.]*\d)")


@dataclass(frozen=True)
class Corpus:
    """LM sentences (lists of words) plus the words that were written as acronyms."""

    sentences: tuple[tuple[str, ...], ...]
    acronyms: frozenset[str]


def _data(path: str) -> str:
    return resources.files("resumepilot.speech").joinpath(path).read_text("utf-8")


@lru_cache(maxsize=1)
def tools() -> dict[str, tuple[str, ...]]:
    """data/tools.txt as group -> tool names."""
    groups: dict[str, list[str]] = {}
    group = "other"
    for line in _data("data/tools.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            group = line.strip("[]")
            continue
        groups.setdefault(group, []).append(line)
    return {g: tuple(names) for g, names in groups.items()}


def answer_lines() -> list[str]:
    """Every answer in data/corpus/, in file order."""
    folder = resources.files("resumepilot.speech").joinpath("data/corpus")
    lines: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            for line in entry.read_text("utf-8").splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    lines.append(line.strip())
    return lines


def _resample(number: str, rng: random.Random) -> str:
    """Another number of the same shape: as many digits, as many trailing zeros."""
    if "." in number:
        whole, fraction = number.split(".")
        return f"{rng.randint(0, max(1, 10 ** len(whole) - 1))}.{rng.randint(1, 9)}"
    n = int(number)
    if 1990 <= n <= 2030:
        return str(rng.randint(2008, 2025))
    zeros = len(number) - len(number.rstrip("0")) if n else 0
    significant = len(number) - zeros
    low = 10 ** (significant - 1) if significant > 1 else 2
    value = rng.randint(low, 10**significant - 1)
    return str(value) + "0" * zeros


def expand(line: str, copy: int, rng: random.Random, all_tools: dict[str, tuple[str, ...]]) -> str:
    """Copy 0 is the line as written; later copies draw other tools and numbers."""

    def tool(m: re.Match[str]) -> str:
        names = all_tools.get(m.group(1) or "", ()) or tuple(
            name for group in all_tools.values() for name in group
        )
        return rng.choice(names)

    text = _SLOT.sub(tool, line)
    if copy:
        text = _NUMBER.sub(lambda m: _resample(m.group(0), rng), text)
    return text


@lru_cache(maxsize=4)
def load(copies: int = 3, seed: int = 7) -> Corpus:
    """The corpus, each line read `copies` times (deterministic for a given seed)."""
    rng = random.Random(seed)
    all_tools = tools()
    sentences: list[tuple[str, ...]] = []
    caps: set[str] = set()
    for group in all_tools.values():
        for name in group:
            caps |= acronyms(name)
    for line in answer_lines():
        for copy in range(copies):
            text = expand(line, copy, rng, all_tools)
            caps |= acronyms(text)
            sentences.append(tuple(spoken_words(text, variant=copy)))
    return Corpus(tuple(sentences), frozenset(caps))
