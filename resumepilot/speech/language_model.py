"""The built-in recognizer's language model for one answer: our answer corpus, general
English words, and this interview's bias (question, role terms, earlier answers)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from resumepilot.speech import corpus
from resumepilot.speech.lm import NgramCounts, estimate
from resumepilot.speech.models import Bias
from resumepilot.speech.words import acronyms, spoken_words

GENERAL_WORDS = 10_000  # how many of the commonest English words are always possible
GENERAL_WEIGHT = 0.3  # their share of the unigram mass
QUESTION_WEIGHT = 3.0  # answers echo the question's words
EARLIER_WEIGHT = 1.0
TERM_WEIGHT = 2.0  # each role term or named tool, in each of its sentence frames
TERM_FRAMES = 12  # corpus lines with a tool slot that each term is tried in


_SLOT = re.compile(r"\{tool(?::\w+)?\}")


@dataclass(frozen=True)
class LanguageModel:
    arpa: str
    vocabulary: frozenset[str]
    acronyms: frozenset[str]  # words written in capitals: spelled when not in the dictionary
    display: dict[str, str]  # lower-case word -> how it is written ("aws" -> "AWS")


@lru_cache(maxsize=1)
def general_words() -> dict[str, float]:
    """The commonest English words with their probability (data/general_words.txt)."""
    text = resources.files("resumepilot.speech").joinpath("data/general_words.txt")
    out: dict[str, float] = {}
    for line in text.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, logp = line.split()
            out[word] = 10 ** float(logp)
            if len(out) >= GENERAL_WORDS:
                break
    return out


@lru_cache(maxsize=1)
def _base() -> tuple[NgramCounts, frozenset[str], dict[str, str]]:
    loaded = corpus.load()
    counts = NgramCounts()
    counts.add_all(list(s) for s in loaded.sentences)
    display: dict[str, str] = {}
    for group in corpus.tools().values():
        for name in group:
            _remember_display(name, display)
    return counts, loaded.acronyms, display


def _remember_display(text: str, display: dict[str, str]) -> None:
    """Single-word names keep their written form: "kubernetes" -> "Kubernetes"."""
    for token in re.findall(r"[A-Za-z][A-Za-z0-9'.+#]*", text):
        words = spoken_words(token)
        if len(words) == 1 and token.lower() != token and token not in ("I", "A"):
            display.setdefault(words[0], token)


def term_frames() -> list[str]:
    """Corpus lines with a tool slot, which bias terms are placed into."""
    return [line for line in corpus.answer_lines() if "{tool" in line]


def named_terms(text: str) -> list[str]:
    """Capitalised names and tool-like words in earlier answers (not sentence openers)."""
    found = []
    for m in re.finditer(
        r"(?<![.!?]\s)(?<!^)\b([A-Z][A-Za-z0-9+#.]*[A-Za-z0-9+#]|[A-Z]{2,})", text
    ):
        if m.group(1) not in ("I", "I'm"):
            found.append(m.group(1))
    return found


def build(bias: Bias | None = None) -> LanguageModel:
    """The model for one answer; without bias, the corpus and general words alone."""
    base, caps, display = _base()
    vocabulary = set(general_words())
    counts = base
    bias_caps: set[str] = set()
    if bias is not None and not bias.is_empty():
        counts = base.copy()
        display = dict(display)
        rng = random.Random(0)
        frames = term_frames()
        if bias.question.strip():
            counts.add(spoken_words(bias.question), QUESTION_WEIGHT)
            bias_caps |= acronyms(bias.question)
        for sentence in re.split(r"(?<=[.!?])\s+", bias.earlier_text.strip()):
            if sentence:
                counts.add(spoken_words(sentence), EARLIER_WEIGHT)
        bias_caps |= acronyms(bias.earlier_text)
        terms = list(dict.fromkeys([*bias.role_terms, *named_terms(bias.earlier_text)]))
        for term in terms:
            _remember_display(term, display)
            bias_caps |= acronyms(term)
            counts.add(spoken_words(term), TERM_WEIGHT)
            for frame in rng.sample(frames, min(TERM_FRAMES, len(frames))):
                slot = _SLOT.search(frame)
                text = frame[: slot.start()] + term + frame[slot.end() :] if slot else frame
                text = _SLOT.sub(lambda _m: rng.choice(terms), text)
                counts.add(spoken_words(text), TERM_WEIGHT / TERM_FRAMES * 4)
    model = estimate(counts, vocabulary, general_words(), GENERAL_WEIGHT)
    words = frozenset(g[0] for g in model.grams[0] if g[0] not in ("<s>", "</s>"))
    return LanguageModel(model.write(), words, frozenset(caps | bias_caps), display)
