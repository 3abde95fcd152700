"""A small trigram language model, estimated in memory and written as ARPA text.

Counts may be fractional: bias text (the question, tools named earlier) is added with a
weight, which is how the model leans toward what this speaker is likely to say. Smoothing is
interpolated Witten-Bell, which needs no count-of-counts and so works with weighted counts.
The unigram level is interpolated with a general English word distribution so that words the
answer corpus never used still have a sensible probability.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

BOS, EOS = "<s>", "</s>"
ORDER = 3
Context = tuple[str, ...]


@dataclass
class NgramCounts:
    """Weighted n-gram counts (orders 1 to 3) of sentences with <s> and </s> added."""

    by_order: list[dict[Context, dict[str, float]]] = field(
        default_factory=lambda: [defaultdict(dict) for _ in range(ORDER)]
    )

    def add(self, words: list[str], weight: float = 1.0) -> None:
        tokens = [BOS, *words, EOS]
        for i in range(1, len(tokens)):
            word = tokens[i]
            for n in range(ORDER):
                if i - n < 0:
                    break
                following = self.by_order[n][tuple(tokens[i - n : i])]
                following[word] = following.get(word, 0.0) + weight

    def add_all(self, sentences: Iterable[list[str]], weight: float = 1.0) -> None:
        for words in sentences:
            self.add(words, weight)

    def copy(self) -> NgramCounts:
        return NgramCounts(
            [defaultdict(dict, {h: dict(f) for h, f in level.items()}) for level in self.by_order]
        )

    def vocabulary(self) -> set[str]:
        return {w for w in self.by_order[0][()] if w != EOS}


@dataclass(frozen=True)
class ArpaModel:
    """Log10 probabilities and back-off weights per order, ready to be written out."""

    grams: list[dict[Context, tuple[float, float | None]]]  # n-gram -> (log10 p, log10 bow)

    def write(self) -> str:
        lines = ["\\data\\"]
        lines += [f"ngram {n + 1}={len(level)}" for n, level in enumerate(self.grams)]
        for n, level in enumerate(self.grams):
            lines += ["", f"\\{n + 1}-grams:"]
            for gram, (logp, bow) in level.items():
                entry = f"{logp:.4f}\t{' '.join(gram)}"
                lines.append(entry if bow is None else f"{entry}\t{bow:.4f}")
        lines += ["", "\\end\\", ""]
        return "\n".join(lines)


def estimate(
    counts: NgramCounts,
    vocabulary: Iterable[str],
    general: Mapping[str, float] | None = None,
    general_weight: float = 0.3,
) -> ArpaModel:
    """Interpolated Witten-Bell trigram over `vocabulary` (plus every counted word).

    `general` maps words to a probability under a general English model; it takes
    `general_weight` of the unigram mass.
    """
    vocab = sorted((set(vocabulary) | counts.vocabulary() | {EOS}) - {BOS})
    unigram = _unigrams(counts, vocab, general or {}, general_weight if general else 0.0)
    probs: list[dict[Context, float]] = [{(w,): p for w, p in unigram.items()}]
    for n in range(1, ORDER):
        level: dict[Context, float] = {}
        for history, following in counts.by_order[n].items():
            total = sum(following.values())
            types = len(following)
            lam = total / (total + types)
            for word, c in following.items():
                lower = _lookup(probs, history[1:], word)
                level[(*history, word)] = lam * c / total + (1 - lam) * lower
        probs.append(level)
    return _with_backoffs(probs)


def _unigrams(
    counts: NgramCounts, vocab: list[str], general: Mapping[str, float], general_weight: float
) -> dict[str, float]:
    following = counts.by_order[0][()]
    total = sum(following.values())
    lam = total / (total + len(following))
    uniform = 1.0 / len(vocab)
    general_total = sum(general.get(w, 0.0) for w in vocab) or 1.0
    out = {}
    for w in vocab:
        corpus = lam * following.get(w, 0.0) / total + (1 - lam) * uniform
        share = general.get(w, 0.0) / general_total
        out[w] = (1 - general_weight) * corpus + general_weight * share
    return out


def _lookup(probs: list[dict[Context, float]], history: Context, word: str) -> float:
    """P(word | history) from the interpolated levels, backing off to shorter histories."""
    gram = (*history, word)
    while gram not in probs[len(gram) - 1]:
        gram = gram[1:]
    return probs[len(gram) - 1][gram]


def _with_backoffs(probs: list[dict[Context, float]]) -> ArpaModel:
    # Back-off weight of a history: the mass its seen continuations leave, spread over what
    # the shorter history gives the unseen ones.
    seen_mass: list[dict[Context, list[float]]] = [defaultdict(lambda: [0.0, 0.0]) for _ in probs]
    for n in range(1, len(probs)):
        for gram, p in probs[n].items():
            acc = seen_mass[n - 1][gram[:-1]]
            acc[0] += p
            acc[1] += _lookup(probs, gram[1:-1], gram[-1])
    grams: list[dict[Context, tuple[float, float | None]]] = []
    for n, level in enumerate(probs):
        out: dict[Context, tuple[float, float | None]] = {}
        for gram, p in level.items():
            bow: float | None = None
            if n < len(probs) - 1 and gram in seen_mass[n]:
                high, low = seen_mass[n][gram]
                bow = math.log10(max(1.0 - high, 1e-12) / max(1.0 - low, 1e-12))
            elif n < len(probs) - 1:
                bow = 0.0
            out[gram] = (math.log10(p), bow)
        grams.append(out)
    if (BOS,) not in grams[0]:
        grams[0][(BOS,)] = (-99.0, _start_backoff(seen_mass))
    return ArpaModel(grams)


def _start_backoff(seen_mass: list[dict[Context, list[float]]]) -> float:
    """<s> is never predicted, only a history: its back-off weight alone is needed."""
    high, low = seen_mass[0].get((BOS,), [0.0, 0.0])
    return math.log10(max(1.0 - high, 1e-12) / max(1.0 - low, 1e-12))
