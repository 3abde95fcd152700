"""Split a cleaned sentence into clauses and decide what each one is for a bullet."""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumepilot.ai.builtin.clean import strip_story_prefix, tidy
from resumepilot.ai.builtin.lexicon import EMPTY_CLAUSE_RE, is_past
from resumepilot.ai.builtin.rewrite import FIRST_PERSON, decap, first_person, result_clause

# Words that can open a new clause after "and", "but", "while"... when a verb follows soon.
_SUBJECT = r"(?:i|we|they|he|she|it|there|that|this|my|our|the|their|most|some|all|everyone|" \
           r"nobody|people|users|customers|leadership|management|now|~?\d)"
# "and first response time dropped": a second result needs no pronoun to start a clause.
_AND_RESULT = re.compile(r"\s+(?P<conj>and|while|whereas)\s+(?=(?:[\w-]+\s+){0,4}?(?:"
                         r"dropped|fell|rose|grew|increased|decreased|declined|doubled|halved|"
                         r"improved|went (?:up|down|from))\b)", re.I)
_CONJ_SPLIT = re.compile(
    rf"\s+(?P<conj>and|but|so|while|whereas|then|plus|because|which meant)\s+(?={_SUBJECT}\b)",
    re.I)
# "when I joined the team it was ...": the main clause starts after the time clause.
_WHEN_MAIN = re.compile(r"^((?:when|once|by the time|after)\s+(?:i|we)\s+[^,]{3,60}?)\s+"
                        r"(?=(?:it|there|they|the team|sales|revenue)\s+(?:was|were|had)\b)",
                        re.I)
# "the kids liked it better because attendance improved": a cause with its own subject.
_BECAUSE = re.compile(r"\s+(?P<conj>because)\s+(?=[a-z][\w-]+\s+(?:\w+\s+)?(?:improved|"
                      r"increased|dropped|fell|rose|grew|doubled|went)\b)", re.I)
_FINITE = {"was", "were", "is", "are", "has", "had", "have", "went", "got", "did", "would",
           "could", "will", "can", "became", "came", "made", "'s", "started", "took", "saw",
           "grew", "fell", "rose", "dropped"}
_TEAM = re.compile(
    r"^(?:it was|that was|there were|we were|this was)\s+(?:only\s+|me\s+)?(?:me|myself) and\s+"
    r"(?P<who>.+)$", re.I)
_COUNT = re.compile(
    r"^(?:it was|it's|it is|that's|that is|which is|which was|so|there were|there are|we were|"
    r"we're|we are)\s+(?P<np>~?\d[\w,.%~-]*"
    r"(?:\s+[\w-]+){1,3}?(?:\s+(?:total|in total|overall|altogether|in all))?)$", re.I)
_DURATION = re.compile(
    r"^(?:it|that|this|the (?:project|whole thing|migration|rollout|work))\s+took\s+"
    r"(?:(?:us|me|the team|about|around|roughly)\s+)*(?P<d>~?[\d.]+(?:-[\d.]+)?\s+"
    r"(?:days?|weeks?|months?|years?|quarters?|sprints?|hours?))\b", re.I)
_WHICH = re.compile(r"^(?:which|that|this)\s+(?:was|is|were|came to|added up to|translated "
                    r"(?:to|into)|meant|equals|equaled)\s+(?P<x>.+)$", re.I)
# "which saved the team 5 hours", "it cut costs by 9%": the effect of what came before.
_WHICH_VERB = re.compile(r"^(?:which|it|this|that)\s+(?P<verb>saved|cut|reduced|freed|brought|"
                         r"generated|added|increased|improved|eliminated|removed|doubled|halved|"
                         r"grew|boosted|lowered|raised)\b(?P<rest>.*)$", re.I)
_PRONOUNS = [(r"\bour\b|\bmy\b", "the"), (r"\b(?:we|us)\b", "the team"),
             (r"\bmyself\b", "personally"), (r"\bme\b", ""), (r"\bI\b", "")]
# Tails opening with these join the bullet without a semicolon: "..., who was about to churn".
SUBORDINATE = re.compile(r"^(?:when|after|before|since|once|although|though|who|which|whose|"
                         r"where|because|so|until|that|as|while|whereas)\b", re.I)


@dataclass
class Clause:
    """One piece of a sentence, typed by how it joins a bullet."""

    kind: str  # head, continuation, fragment, tail, aside, duration, problem
    text: str
    sentence: int
    conj: str = ""
    result: bool = False  # a metric moved: "reduced falls from 9 to 2"


def depersonalise(text: str) -> str:
    """No first person inside a bullet: "our team" -> "the team", "we" -> "the team"."""
    text = re.sub(r"\bU\.?S\.?\b(?=[\s,;.]|$)", "U.S.", text)
    text = re.sub(r"\b(?:me and|myself and)\s+", "", text, flags=re.I)
    for pat, repl in ((r"\bwe're\b", "the team is"), (r"\bwe've\b", "the team has"),
                      (r"\bwe'd\b", "the team had"), (r"\bwe'll\b", "the team will")):
        text = re.sub(pat, repl, text, flags=re.I)
    # "these exit tickets": spoken pointing; a bullet names the thing plainly.
    text = re.sub(r"\b(?:these|those)\s+(?=[a-z])(?!(?:are|were|is|was|have|had)\b)", "", text)
    text = re.sub(r"\b(?:and|with)\s+(?:me|myself)\b", "", text, flags=re.I)
    for pat, repl in _PRONOUNS:
        text = re.sub(pat, repl, text, flags=re.I if repl != "" else 0)
    text = re.sub(r"\bi\b(?!\.)", "", text)
    text = re.sub(r"\bthe the\b", "the", text)
    # Spoken "it was this old monolith" introduces a thing: write "an old monolith".
    text = re.sub(r"\b(was|were|had|is|are|with|into|on|built|found|inherited|addressed|"
                  r"tackled|supported|secured|served|managed) this\b"
                  r"(?! (?:year|month|week|quarter|time|one)\b)(?= (\w))",
                  lambda m: f"{m.group(1)} {'an' if m.group(2) in 'aeioAEIO' else 'a'}", text)
    return tidy(text)


def _has_finite_verb(text: str) -> bool:
    words = re.findall(r"[\w']+", text.lower())[:8]
    return any(w in _FINITE or is_past(w) for w in words[1:]) or (
        bool(words) and words[0] in ("there", "it", "they", "we", "i", "now") and len(words) > 1
    )


def split_clauses(text: str) -> list[tuple[str, str]]:
    """(conjunction, clause) pairs; commas and ";" always split, "and" only before a subject."""
    parts: list[tuple[str, str]] = []
    for chunk in re.split(r"\s*(?:;|\s[-–—]\s|:\s)\s*", text):
        chunk = _WHEN_MAIN.sub(r"\1, ", chunk)
        for piece in re.split(r",\s+", chunk):
            pos, conj = 0, ""
            splits = sorted([*_CONJ_SPLIT.finditer(piece), *_AND_RESULT.finditer(piece),
                             *_BECAUSE.finditer(piece)],
                            key=lambda m: m.start())
            for m in splits:
                after = piece[m.end():]
                if m.start() < pos:
                    continue
                if m.re in (_AND_RESULT, _BECAUSE) or _has_finite_verb(after) or (
                        FIRST_PERSON.match(after)):
                    parts.append((conj, piece[pos:m.start()]))
                    pos, conj = m.end(), m.group("conj").lower()
            parts.append((conj, piece[pos:]))
    out: list[tuple[str, str]] = []
    for conj, piece in parts:
        piece = piece.strip()
        # "members and, retention went up": the conjunction belongs to the next clause.
        trail = re.search(r"\s*(?<!\ba )\b(and|but|so|or|while|then)$", piece, re.I)
        if trail:
            piece = piece[: trail.start()].strip()
        lead = re.match(r"(and|but|so|or|while|then)\s+", piece, re.I)
        if lead and not conj:
            conj, piece = lead.group(1).lower(), piece[lead.end():]
        if piece:
            out.append((conj, piece))
    return out


def classify(conj: str, text: str, sentence: int, have_head: bool) -> Clause | None:
    """Type one clause and rewrite it for its place in a bullet; None drops it."""
    raw = strip_story_prefix(text)
    if not raw or EMPTY_CLAUSE_RE.search(raw):
        return None
    # "My role was to run the launch" says what the speaker did.
    raw = re.sub(r"^(?:my|our) (?:role|job|task|responsibility|part) (?:was|is) (?:to )?",
                 "I ", raw, flags=re.I)
    if m := _TEAM.match(raw):
        return Clause("aside", "alongside " + depersonalise(m.group("who")), sentence)
    if m := _COUNT.match(raw):
        return Clause("aside", f"({m.group('np')})", sentence)
    if m := _DURATION.match(raw):
        return Clause("duration", "over " + m.group("d"), sentence)
    if m := FIRST_PERSON.match(raw):
        aux = (m.group("aux") or "").lower()
        rest = ("am " if aux in ("'m", "'re") else "") + m.group("rest")
        head = first_person(rest)
        if head is None:
            # No verb we can lead with, but figures or names are still worth keeping as context.
            keep = re.search(r"\d|\b[A-Z][a-z]*[A-Z]|\b[A-Z][a-z]+", m.group("rest"))
            verb = m.group("rest").split(" ", 1)[0].lower()
            if keep and verb not in ("don't", "didn't", "can't", "wasn't", "never", "think"):
                return Clause("tail", decap(depersonalise(raw)), sentence, conj)
            return None
        pre = decap(depersonalise(m.group("pre") or ""))
        if re.fullmatch(r"(?:when|once|after|before|since|while|as)\s*", pre, re.I):
            pre = ""  # "when I took over the territory": the time clause is the deed itself
        return Clause("head", depersonalise(f"{head} {pre}".strip()), sentence, conj)
    if res := result_clause(raw):
        return Clause("head", depersonalise(res), sentence, conj, result=True)
    if m := _WHICH.match(raw):
        x = depersonalise(m.group("x"))
        if len(x.split()) <= 4 and not re.search(r"\d|[A-Z]", x):
            return None  # "which was terrible": an opinion, not a fact
        worth = re.match(r"~?[$€£]", x)
        return Clause("fragment", ("worth " if worth else "") + x, sentence)
    if m := _WHICH_VERB.match(raw):
        from resumepilot.ai.builtin.lexicon import base_of, ing_form

        base = base_of(m.group("verb"))
        if base:
            return Clause("fragment", depersonalise(ing_form(base) + m.group("rest")), sentence)
    if m := re.match(r"(?:it |that |which )?turned out (?:to be |that )(?P<x>.+)$", raw, re.I):
        return Clause("fragment", "finding " + depersonalise(m.group("x")), sentence)
    first = raw.split(" ", 1)[0]
    if is_past(first) and not first[1:2].isupper():
        head = first_person(raw)
        if head:
            return Clause("continuation", depersonalise(head), sentence, conj)
    m = re.match(r"there (?:was|were|is|are)\s+(?:this|these|a|an|some)?\s*(?P<x>.+)$", raw, re.I)
    if m and not have_head:
        return Clause("problem", "addressed a " + depersonalise(m.group("x")), sentence)
    m = re.match(r"(?:it|that) (?:was|turned out to be|ended up being)\s+(?P<x>.+)$", raw, re.I)
    if m and have_head and not re.search(r"\d", m.group("x")):
        return Clause("fragment", "finding " + depersonalise(m.group("x")), sentence)
    text_out = decap(depersonalise(raw))
    if re.fullmatch(r"~?[$€£]?\d[\d,.]*(?:%|[KMB]| million| billion)?", text_out) and have_head:
        return Clause("aside", f"({text_out})", sentence)  # "most of it, like 70 thousand"
    if not re.search(r"[A-Za-z]{2}", text_out):
        return None
    if _has_finite_verb(raw):
        lead = conj if conj in ("because", "while", "whereas", "so") else ""
        return Clause("tail", f"{lead} {text_out}".strip(), sentence)
    return Clause("fragment", text_out, sentence)
