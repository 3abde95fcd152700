"""Assemble typed clauses into 2-5 bullets of 40-220 characters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.ai.builtin.clauses import SUBORDINATE, Clause
from resumepilot.ai.builtin.clean import tidy
from resumepilot.ai.builtin.lexicon import base_of, ing_form
from resumepilot.ai.builtin.rewrite import cap, lower_first

MIN_LEN, MAX_LEN, MAX_BULLETS = 40, 220, 5
# Room kept under the hard limit when joining pieces, so a bullet stays readable.
JOIN_LIMIT = 200
_FACT = re.compile(r"\d|(?<!^)(?<![.!?]\s)\b[A-Z][\w+#.-]*[A-Za-z0-9+#]")


@dataclass
class Draft:
    """A bullet being built: its head, the pieces joined to it and the sentences used."""

    head: str
    parts: list[tuple[str, str]] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    first_person: bool = True
    result: bool = False

    def render(self) -> str:
        text = self.head + "".join(j + t for j, t in self.parts)
        return finish(text)

    def absorb(self, other: Draft, joiner: str) -> None:
        self.parts.append((joiner, lower_first(other.render())))
        self.sentences |= other.sentences


def has_facts(text: str) -> bool:
    """Carries a figure or a name, i.e. something worth keeping when space is short."""
    return bool(_FACT.search(text))


def finish(text: str) -> str:
    text = tidy(text)
    text = re.sub(r"\s*[.;,]+$", "", text)
    # "the the", left by removed words; never figures ("twenty twenty" is a year).
    text = re.sub(r"\b(the|a|an|and|to|of|in|on|for|with|at|by) \1\b", r"\1", text, flags=re.I)
    return cap(text)


def _joiner(c: Clause, parts: list[tuple[str, str]]) -> str:
    """How a clause joins the bullet before it: "and", a comma, a space or a semicolon."""
    if c.kind == "continuation":
        return " and "
    if c.kind == "aside":
        return " "
    if c.kind == "fragment":
        after_aside = bool(parts) and parts[-1][1].startswith(("(", "alongside"))
        return " " if after_aside and re.match(r"(?:in|into|on|at|for|with|across)\b", c.text) \
            else ", "
    if re.match(r"(?:so|because|until|that|as)\b", c.text):
        return " "
    return ", " if SUBORDINATE.match(c.text) else "; "


def _attach(d: Draft, c: Clause) -> None:
    d.parts.append((_joiner(c, d.parts), c.text))
    d.sentences.add(c.sentence)


def build_drafts(clauses: list[Clause]) -> list[Draft]:
    """Attach every clause to a bullet head, in the order the speaker said them."""
    drafts: list[Draft] = []
    # Context said before the first head waits until that head's own sentence is complete.
    pending: list[Clause] = []
    waiting: Draft | None = None
    durations: list[Clause] = []

    def flush() -> None:
        nonlocal pending, waiting
        if waiting:
            for p in pending:
                if p.kind != "fragment" or has_facts(p.text):
                    _attach(waiting, p)
        pending, waiting = [], None

    for c in clauses:
        if waiting and c.sentence not in waiting.sentences:
            flush()
        cur = drafts[-1] if drafts else None
        if c.kind == "head" and cur and c.conj in ("and", "while", "so", "then") and (
            c.sentence in cur.sentences and len(cur.render()) + len(c.text) < 150
        ):
            # "retention went up while call volume halved": one outcome, one bullet.
            effect = as_effect(c.text) if c.result and (not cur.result or any(
                t.endswith("ing") for t in (p.split(" ", 1)[0] for _, p in cur.parts))) else None
            joiner = " and " if effect and cur.result else ", "
            cur.parts.append((joiner, effect) if effect else (" and ", c.text))
            cur.result = cur.result or bool(effect)
            continue
        if c.kind in ("head", "problem") or (c.kind == "continuation" and cur is None):
            d = Draft(c.text, sentences={c.sentence}, first_person=c.kind != "problem",
                      result=c.result)
            if pending and not drafts:
                waiting = d
            drafts.append(d)
            continue
        if c.kind == "duration":
            durations.append(c)
        elif cur is None:
            pending.append(c)
        else:
            _attach(cur, c)
    if waiting:
        flush()
    if not drafts and pending:
        # Nothing said in the first person: keep the facts under a neutral lead.
        first, rest = pending[0], pending[1:]
        d = Draft("contributed to work where " + first.text, sentences={first.sentence})
        for p in rest:
            _attach(d, p)
        drafts.append(d)
    for dur in durations:
        # A project's length belongs with what the speaker led or built, not with a side result.
        target = next((d for d in drafts if d.first_person and not d.head.startswith("served")),
                      drafts[-1] if drafts else None)
        if target:
            target.parts.append((" ", dur.text))
            target.sentences.add(dur.sentence)
    return drafts


def as_effect(text: str) -> str | None:
    """ "reduced falls from 9 to 2" -> "reducing falls from 9 to 2", to follow the deed."""
    word, _, rest = text.partition(" ")
    base = base_of(word)
    return f"{ing_form(base)} {rest}" if base and rest else None


def _join_effects(drafts: list[Draft]) -> list[Draft]:
    """A result said right after the deed that caused it joins that deed's bullet."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        effect = as_effect(lower_first(d.render())) if d.result else None
        if prev and effect and not prev.result and prev.first_person and not re.match(
            r"(?:served|addressed|contributed)\b", prev.head, re.I
        ) and all(j != " and " for j, _ in d.parts) and min(d.sentences) - max(
            prev.sentences) <= 1 and len(prev.render()) + len(effect) + 2 <= 190 and not any(
            re.match(r"(?:increas|reduc|improv|cutting|halv|doubl)", t) for _, t in prev.parts
        ):
            prev.parts.append((", ", effect))
            prev.sentences |= d.sentences
            prev.result = True
            continue
        out.append(d)
    return out


_NOT_FACTS = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def fact_weight(text: str) -> int:
    """How much a piece says: figures count double, names once."""
    text = _NOT_FACTS.sub("", text)
    return 2 * len(re.findall(r"\d+", text)) + len(_FACT.findall(text))


def _shorten(d: Draft) -> list[Draft]:
    """Bring a draft under the length limit, giving up the pieces that say least first."""
    extra: list[Draft] = []
    while len(d.render()) > MAX_LEN and d.parts:
        idx = min(range(len(d.parts)),
                  key=lambda i: (fact_weight(d.parts[i][1]), -len(d.parts[i][1])))
        joiner, text = d.parts.pop(idx)
        if not re.search(r"\d", text):
            continue
        # A piece with figures that can stand alone becomes its own bullet.
        if joiner == " and ":
            extra.append(Draft(text, sentences=set(d.sentences)))
        elif joiner == "; ":
            extra.append(Draft("contributed to work where " + text, sentences=set(d.sentences)))
    if len(d.render()) > MAX_LEN:
        # One long run-on clause: cut at a word boundary rather than lose the bullet.
        d.head = d.head[: MAX_LEN - 5].rsplit(" ", 1)[0]
    return [d, *[x for e in extra for x in _shorten(e)]]


def _merge_short(drafts: list[Draft]) -> list[Draft]:
    out: list[Draft] = []
    for d in drafts:
        if out and (len(d.render()) < MIN_LEN or len(out[-1].render()) < MIN_LEN) and len(
            out[-1].render()) + len(d.render()) + 5 <= MAX_LEN:
            same = out[-1].sentences & d.sentences
            out[-1].absorb(d, " and " if same else "; ")
        else:
            out.append(d)
    if len(out) > 1 and len(out[0].render()) < MIN_LEN:
        first = out.pop(0)
        if len(first.render()) + len(out[0].render()) + 2 <= MAX_LEN:
            first.absorb(out[0], "; ")
            out[0] = first
        else:
            out.insert(0, first)
    # A short bullet that fits nowhere near: join the shortest bullet that has room, else drop
    # it; a fragment like "Saved $40K" reads as filler beside full bullets.
    for d in [x for x in out if len(x.render()) < MIN_LEN and len(out) > 1]:
        room = [x for x in out if x is not d and len(x.render()) + len(d.render()) + 2 <= MAX_LEN]
        if room:
            host = min(room, key=lambda x: len(x.render()))
            host.absorb(d, "; ")
        out.remove(d)
    return out


def _cap_count(drafts: list[Draft]) -> list[Draft]:
    while len(drafts) > MAX_BULLETS:
        pairs = [(len(a.render()) + len(b.render()), i)
                 for i, (a, b) in enumerate(zip(drafts, drafts[1:], strict=False))]
        size, i = min(pairs)
        if size + 2 <= MAX_LEN:
            drafts[i].absorb(drafts[i + 1], "; ")
            del drafts[i + 1]
            continue
        # Nothing merges: drop the bullet with the least to say.
        weakest = min(range(len(drafts)), key=lambda k: (has_facts(drafts[k].render()),
                                                          len(drafts[k].render())))
        del drafts[weakest]
    return drafts


def compose(clauses: list[Clause]) -> list[Draft]:
    """Clauses to final drafts: attached, shortened, merged and capped."""
    drafts = [x for d in _join_effects(build_drafts(clauses)) for x in _shorten(d)]
    drafts = _merge_short(drafts)
    if len(drafts) > 2 * MAX_BULLETS:
        # A long answer: keep the drafts richest in figures and names, in the order said.
        texts = [d.render() for d in drafts]
        rank = sorted(range(len(drafts)), key=lambda i: (-len(_FACT.findall(texts[i])), i))
        keep = sorted(rank[: 2 * MAX_BULLETS])
        drafts = [drafts[i] for i in keep]
    return _cap_count(drafts)
