"""The built-in engine: speech repair -> clauses -> references and changes -> bullets -> checks.

Each stage is its own module (speech, clauses, resolve, compose; the checks in ai/checks.py run
in ai/grounding.guard for every provider). Deterministic, offline, a few milliseconds an answer.
"""

from __future__ import annotations

import re

from resumepilot.ai.builtin.classify import segment
from resumepilot.ai.builtin.compose import (
    MAX_BULLETS,
    MAX_CHARS,
    MIN_CHARS,
    Achievement,
    compose,
    org_phrase,
)
from resumepilot.ai.builtin.phrases import IRREGULAR_LEADS
from resumepilot.ai.builtin.resolve import is_gerund
from resumepilot.ai.builtin.speech import NAME_JOINER, repair
from resumepilot.ai.builtin.words import word_set
from resumepilot.ai.models import Bullet, SourceSpan

_ENGLISH = word_set(
    "the and to of a in i we was were for on with that it is my our at by from as this had have "
    "me us they he she an be been so but or"
)


def looks_english(text: str) -> bool:
    """Enough common English words that the rules can read it (short answers pass)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 6:
        return True
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.1


# A bullet with two results splits above this length: two clear lines read better than one
# that runs on.
SPLIT_AT = 150


def _fit(a: Achievement) -> list[str]:
    """One bullet of 40-200 characters, or two when the results cannot ride with the action.

    Results that cannot stand alone ("later adopted by ...") stay with the action; those led by
    their own verb ("cutting ...") move to a second bullet, last ones first.
    """
    full = a.render()
    every = list(a.results)
    movable = [r for r in every if _as_lead(r)]
    if len(full) <= MAX_CHARS and not (len(full) > SPLIT_AT and len(movable) >= 2):
        return [full]
    try:
        for n in range(max(len(movable) - 1, 0), -1, -1):
            moved = movable[n:]
            a.results = [r for r in every if r not in moved]
            for modifiers in (True, False):
                text = a.render(modifiers=modifiers)
                if len(text) <= MAX_CHARS:
                    # The most specific deed is the means: the longest that still reads short.
                    deed = max(
                        (x for x in a.actions if len(x) <= 90), key=len, default=a.actions[0]
                    )
                    return [text, *_results_bullet(moved, deed)]
    finally:
        a.results = every
    return [full]


def _deeds(action: str) -> list[str]:
    """ "Ran the discovery, interviewed staff, and wrote the spec" -> each deed on its own."""
    from resumepilot.ai.builtin.words import is_past_form

    parts = re.split(r",?\s+and\s+(?=[a-z]+\b)|,\s+(?=[a-z]+\b)", action)
    out = [parts[0]]
    for part in parts[1:]:
        word = part.split(" ", 1)[0]
        if is_past_form(word):
            out.append(word[:1].upper() + word[1:] + part[len(word) :])
        else:
            out[-1] += ", " + part
    return out


def _results_bullet(results: list[str], action: str) -> list[str]:
    """Results that did not fit beside their action, led by their own verb, in one bullet, with
    the action as the means when there is room ("Raised CSAT from 82 to 91% by setting up ...")."""
    leads = [x for x in (_as_lead(r) for r in results) if x]
    if not leads:
        return []
    if m := re.match(r"(Grew|Shrank) from ", leads[0]):
        # "Grew from 8 to 35 kids" says what grew: the thing the deed made.
        from resumepilot.ai.builtin.resolve import noun_phrase

        thing = noun_phrase(action.partition(" ")[2])
        if thing:
            leads[0] = f"{m.group(1)} {thing} from {leads[0][m.end() :]}"
    text = leads[0] + "".join(" and " + x[:1].lower() + x[1:] for x in leads[1:])
    means = _as_means(action)
    has_means = any(is_gerund(w) for w in re.findall(r"\bby ([a-z]+ing)\b", text))
    if means and not has_means and len(text) + len(means) + 1 <= MAX_CHARS and len(text) < 90:
        text = f"{text} {means}"
    # "later adopted as ...", "with 2 teams placing ...": results without a verb of their own
    text += "".join(", " + r for r in results if _as_lead(r) is None)
    return [text] if len(text) <= MAX_CHARS else leads


def _as_means(action: str) -> str | None:
    """ "Set up triage rules in Zendesk" -> "by setting up triage rules in Zendesk"."""
    from resumepilot.ai.builtin.words import gerund, verb_lemma

    word, _, rest = action.partition(" ")
    lemma = verb_lemma(word)
    if not lemma or not rest:
        return None
    rest = rest.split(", ")[0]
    return f"by {gerund(lemma)} {rest}"


def _place_org(drafts: list[tuple[str, set[int]]], org: str) -> None:
    """Say where the work was once: on the first bullet that has room, before its first comma."""
    if not org or not drafts:
        return
    name = org.split(" ", 1)[1].replace(NAME_JOINER, " ").lower()
    if any(name in text.lower() for text, _ in drafts):
        return
    org = org.replace(NAME_JOINER, " ")
    prep, _, name = org.partition(" ")
    if prep == "with" and not name.split()[-1].isupper():
        org = f"at {name}"  # "an engineer with Halvard & Crane" -> "at Halvard & Crane"
    for i, (text, used) in enumerate(drafts):
        if len(text) + len(org) + 1 > MAX_CHARS:
            continue
        at = _first_action_end(text)
        drafts[i] = (f"{text[:at]} {org}{text[at:]}", used)
        return


# The words a result joins a bullet with (compose and resolve write these).
_RESULT_LEADS = word_set("""cutting reducing raising increasing lowering lifting halving doubling
tripling quadrupling saving improving growing shrinking meeting completing passing finishing
earning recovering reaching removing letting finding going bringing generating freeing enabling
strengthening""")


def _first_action_end(text: str) -> int:
    """Where the first action ends: before ", raising ...", " and found ...", or at the end."""
    from resumepilot.ai.builtin.words import is_past_form

    for m in re.finditer(r",\s+([a-z]+)\b|\s+and\s+([a-z]+)\b", text):
        word = m.group(1) or m.group(2)
        if m.group(1) and (word in _RESULT_LEADS or word in ("later", "with", "who")):
            return m.start()
        if m.group(2) and is_past_form(word):
            return m.start()
    return len(text)


def _as_lead(result: str) -> str | None:
    """ "cutting turnaround from ~3 hours to 45 minutes" -> "Cut turnaround from ..."."""
    from resumepilot.ai.builtin.words import past, verb_lemma

    word, _, rest = result.partition(" ")
    lemma = verb_lemma(word) if word.endswith("ing") else None
    if not lemma or not rest:
        return None
    if lemma == "go" and re.match(r"~?\d+ \w+ (?:with|without)\b", rest):
        return "Reached " + rest  # "going 200 days without an injury"
    verb = past(lemma)
    if not verb.endswith("ed") and verb not in IRREGULAR_LEADS:
        return None  # "letting ..." cannot lead a bullet
    return verb[:1].upper() + verb[1:] + " " + rest


def _rank(text: str, index: int) -> tuple[int, int]:
    """Bullets with a measured result first, then those with figures, then as said."""
    change = bool(re.search(r"\bfrom\s+\S*\d.*\bto\s+\S*\d|\bby\s+~?\d", text))
    figures = bool(re.search(r"\d", text))
    return (-(2 * change + figures), index)


def generate_bullets(role: str, question: str, transcript: str) -> list[Bullet]:
    """Up to 6 bullets written only from what the transcript says, each with its source span.

    The role and question are part of the signature every provider shares; the rules read the
    answer itself.
    """
    if not looks_english(transcript):
        return []  # the rules read English; other languages need a model provider
    repaired = repair(transcript)
    sentences = repaired.sentences
    if not sentences:
        return []
    clauses = segment([s.text for s in sentences])
    drafts: list[tuple[str, set[int]]] = []
    for a in compose(clauses):
        for text in _fit(a):
            drafts.append((text, a.sentences or {a.sentence}))
    _place_org(drafts, org_phrase(clauses))
    drafts = [d for d in drafts if len(d[0]) >= MIN_CHARS] or drafts[:1]
    order = sorted(range(len(drafts)), key=lambda i: _rank(drafts[i][0], i))
    bullets = []
    for i in order[: MAX_BULLETS + 2]:
        text, used = drafts[i]
        used = {u for u in used if u < len(sentences)} or {0}
        span = SourceSpan(
            min(sentences[u].start for u in used), max(sentences[u].end for u in used)
        )
        bullets.append(Bullet(text, span))
    return bullets
