"""Stage 4: compose each achievement as one sentence, action first, result attached to its action.

"Restored checkout by rolling back the cache, cutting errors from 9% to 1%": an achievement is
the candidate's action (or a team's, said as team work), the results that followed it, and a few
short modifiers (where, with whom, for how many). Context becomes such a modifier or is dropped;
other people's deeds are dropped unless they took up the candidate's work ("adopted by ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.ai.builtin.clauses import Clause
from resumepilot.ai.builtin.phrases import (
    action_phrase,
    depersonalise,
    outcome_phrase,
    trim_rest,
)
from resumepilot.ai.builtin.resolve import (
    antecedents,
    change_phrase,
    fold_baselines,
    parse_change,
    resolve_pronoun,
)
from resumepilot.ai.builtin.speech import NAME_JOINER
from resumepilot.ai.builtin.words import inflect, is_noun

MAX_CHARS, MIN_CHARS, MAX_BULLETS = 200, 40, 6
_NAME = r"(?:the\s+)?[A-Z][\w&'.⁠-]*(?:\s+(?:&\s+|of\s+|and\s+)?[A-Z][\w&'.⁠-]*)*"
_ORG = re.compile(
    rf"\b(?i:at|for|with|in|covering|serving)\s+({_NAME}(?:\s+(?:for|of)\s+"
    rf"{_NAME})?)"
)


@dataclass
class Achievement:
    """One bullet in the making."""

    actions: list[str]
    sentence: int
    team: bool = False
    modifiers: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    metric: bool = False

    def render(self, modifiers: bool = True, results: int = 9) -> str:
        actions = list(self.actions)
        if self.team and not re.search(
            r"\bwith (?:the team|\d|~?\d|[a-z]+ other|a team)\b|"
            r"\balongside\b",
            " ".join(actions + self.modifiers),
        ):
            # Team work said as team work, right after the first thing the team did.
            actions[0] += " alongside the team" if " with " in actions[0] else " with the team"
        head = _join_actions(actions)
        if modifiers:
            head += _modifiers_text(self.modifiers)
        parts = _vary(self.results[:results])
        if parts:
            head += (
                ", " + " and ".join(parts)
                if len(parts) <= 2
                else ", " + ", ".join(parts[:-1]) + " and " + parts[-1]
            )
        return finish(head)


_SAME_WAY = {
    "reducing": "cutting",
    "cutting": "reducing",
    "raising": "lifting",
    "increasing": "raising",
    "lowering": "reducing",
    "lifting": "raising",
}


def _vary(results: list[str]) -> list[str]:
    """ "reducing X and reducing Y" -> "reducing X and cutting Y"."""
    out: list[str] = []
    for r in results:
        word, _, rest = r.partition(" ")
        if out and out[-1].split(" ", 1)[0] == word and word in _SAME_WAY:
            r = f"{_SAME_WAY[word]} {rest}"
        out.append(r)
    return out


def _modifiers_text(modifiers: list[str]) -> str:
    return "".join(("" if m.startswith(",") else " ") + m for m in modifiers)


def _join_actions(actions: list[str]) -> str:
    if len(actions) == 1:
        return actions[0]
    return ", ".join(actions[:-1]) + " and " + actions[-1]


def finish(text: str) -> str:
    text = text.replace(NAME_JOINER, " ")
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"\btogether (with\b)", r"\1", text)  # "rebuilt it together with X"
    text = re.sub(r"\b(the|a|an|and|to|of|in|on|for|with|at|by) \1\b", r"\1", text, flags=re.I)
    return text[:1].upper() + text[1:]


_SETTING = re.compile(
    r"\b(?i:on|in)\s+(?:the|our|my)\s+((?:[\w-]+\s+){0,3}(?:unit|floor|ward|"
    r"department|clinic|line|shift|team))\b"
)


def _org(clauses: list[Clause]) -> str:
    """Where the candidate works, from the role or the first lead: "at Brightwave"."""
    org = _org_name(clauses)
    if org:
        return org
    for c in clauses[:4]:
        if m := _SETTING.search(c.lead):
            return (
                f"on the {m.group(1)}"
                if m.group(0).lower().startswith("on")
                else f"in the {m.group(1)}"
            )
    return ""


def _org_name(clauses: list[Clause]) -> str:
    for c in clauses:
        # The job is named where it is said; a place in a lead only early on.
        if (
            c.kind not in ("role", "scope", "own", "context")
            or c.sentence > 1
            and c.kind not in ("role", "scope")
        ):
            continue
        for text in (c.lead, c.rest if c.kind in ("role", "scope") else ""):
            for m in _ORG.finditer(text):
                after = text[m.end() : m.end() + 20]
                if re.fullmatch(r"(?:the\s+)?(?:ED|ER|ICU|OR|PM|AM)", m.group(1)) or re.match(
                    r"\s+(?!(?:and|or|in|at|for|with|on|to|of|from)\b)[a-z]", after
                ):
                    continue  # "in the Lin lab": a name inside a longer noun, not the place
                prep = re.match(r"\w+", m.group(0))
                return f"{prep.group(0).lower() if prep else 'at'} {m.group(1)}"
    return ""


def _scope_bullet(c: Clause, role: Clause | None) -> str | None:
    """ "I cover ~90 practices" -> "Covered ~90 practices as a territory rep for Coastline ..."."""
    if not re.search(r"\d", c.rest) or c.subject.lower() not in ("i",):
        return None
    phrase = action_phrase(c)
    if phrase is None:
        return None
    if role is not None:
        phrase += " as " + depersonalise(trim_rest(role.rest))
    return phrase


def compose(clauses: list[Clause]) -> list[Achievement]:
    """Achievements from the classified clauses of one answer, in the order said."""
    changes = {
        i: ch
        for i, c in enumerate(clauses)
        if c.kind == "result" and (ch := parse_change(c)) is not None
    }
    used = fold_baselines(clauses, changes)
    history: list[str] = []
    out: list[Achievement] = []
    pending: list[str] = []
    team_size = ""
    credited: list[tuple[Achievement, str]] = []
    role: Clause | None = None
    scope: list[Achievement] = []
    for i, c in enumerate(clauses):
        if i in used:
            continue
        _resolve(c, history)
        history.extend(antecedents(c))
        cur = out[-1] if out else None
        if c.conj == "because" and c.kind not in ("result",):
            continue  # a reason the speaker gives is not an achievement
        if (
            c.kind == "team"
            and c.conj == "so"
            and cur
            and (
                m := re.match(
                    r"stop(?:ped)? (?:needing|paying for|using|hiring)\s+(.+)",
                    f"{c.verb_said} {c.rest}",
                )
            )
        ):
            cur.results.append(f"removing the need for {depersonalise(m.group(1))}")
            continue
        if (
            c.kind == "context"
            and cur
            and c.subject.lower() == "which"
            and (m := re.search(r"(~?[$€£]\d[\d.,]*[KMB]?)\s+saved\b", c.rest))
        ):
            cur.results.append(f"saving {m.group(1)}")  # "which on 2M boxes is $240K saved"
            continue
        if (
            c.kind == "context"
            and cur
            and c.sentence == cur.sentence
            and (appositive := _appositive(c))
        ):
            cur.modifiers.append(appositive)
            continue
        if (
            c.kind in ("own", "team")
            and _ONLY_WHEN.fullmatch(c.rest.strip().rstrip("."))
            and c.verb in _FINISHING_VERBS
        ):
            # "we signed in ~4 months": how long the deed before it took, not a deed of its own.
            if cur and c.sentence in cur.sentences and len(cur.results) < 2:
                cur.results.append(f"{inflect(c.verb, 'VBG')} {c.rest.strip().rstrip('.')}")
            continue
        if c.kind in ("own", "team"):
            phrase = action_phrase(c)
            if phrase is None:
                continue
            if (
                cur
                and cur.sentence == c.sentence
                and not cur.results
                and cur.team == (c.kind == "team")
                and len(cur.render()) + len(phrase) < 150
            ):
                cur.actions.append(phrase[:1].lower() + phrase[1:])
                cur.sentences.add(c.sentence)
            else:
                cur = Achievement([phrase], c.sentence, c.kind == "team", sentences={c.sentence})
                out.append(cur)
            if pending:
                cur.results.extend(pending)
                pending = []
        elif c.kind == "result":
            change = changes.get(i)
            if (
                change
                and not change.tail
                and re.match(r"(?:over|within|in|after|by)\s+\S+", c.lead, re.I)
                and re.search(r"\d|month|year|week|quarter|launch|spring|fall|semester", c.lead)
            ):
                change.tail = c.lead[:1].lower() + c.lead[1:]
            if change and not change.start and not change.measure and not change.by:
                change = None  # a level with nothing to compare: say it as an outcome
            text = change_phrase(change) if change else outcome_phrase(c)
            if not text:
                continue
            text = depersonalise(text)
            if cur and c.sentence - max(cur.sentences) <= 2 and len(cur.results) < 2:
                cur.results.append(text)
                cur.sentences.add(c.sentence)
                cur.metric = cur.metric or bool(change and (change.start or change.by))
            else:
                pending.append(text)
        elif (
            c.kind == "other"
            and cur
            and c.sentence in cur.sentences
            and re.match(r"(?:it|them)\b", c.rest)
            and c.verb in ("build", "implement", "ship", "develop", "code", "launch")
        ):
            who = re.sub(r"^(The|Our|My)\b", lambda m: m.group(1).lower(), depersonalise(c.subject))
            done = inflect(c.verb, "VBN")
            cur.results.append(f"{done} by {who}{re.sub(r'^(?:it|them)', '', c.rest)}")
        elif (
            cur
            and c.kind in ("context", "other")
            and c.sentence in cur.sentences
            and (outcome := _share_of_them(c))
        ):
            cur.results.append(outcome)  # "trained 3 cooks, 2 of them got promoted": theirs
        elif c.kind == "finding" and cur:
            cur.results.append("finding " + depersonalise(trim_rest(c.rest)))
        elif c.kind in ("adopt", "enabled") and cur:
            cur.results.append(_taken_up(c, history))
            cur.sentences.add(c.sentence)
        elif (
            c.kind == "credit"
            and cur
            and cur.results
            and c.sentence in cur.sentences
            and (re.search(r"\bwhole team|team effort|all of us\b", c.rest))
        ):
            credited.append((cur, cur.results.pop()))
        elif c.kind == "size" and credited and c.subject.lower() == "there":
            m = re.match(r"(?:is|are|was|were)?\s*(~?\d+)", f"{c.rest}")
            if m:
                size = m.group(1).lstrip("~")
                article = "an" if re.match(r"(?:8|11|18|8\d)(?:\D|$)", size) else "a"
                credited[-1] = (
                    credited[-1][0],
                    credited[-1][1] + f" as part of {article} {size}-person team",
                )
        elif c.kind == "size":
            who = re.sub(r"^(?:only\s+)?(?:me|myself)\s+and\s+", "", c.rest, flags=re.I)
            team_size = "with " + depersonalise(who)
            if cur and c.sentence - cur.sentence <= 1 and not cur.results:
                cur.modifiers.append(team_size)
        elif c.kind == "duration" and cur:
            m = re.search(r"(~?\d[\d.]*\s+\w+|a (?:full )?\w+)$", c.rest)
            if m:
                target = next((a for a in out if not a.team), cur)
                target.modifiers.append("over " + m.group(1))
        elif (
            c.kind == "scope"
            and c.subject.lower() in ("that", "it", "which")
            and cur
            and (i == 0 or clauses[i - 1].kind not in ("other", "context", "noise"))
        ):
            # "that was 40 hours of their time" after someone else's deed is theirs, not ours
            figure = re.sub(r"^(?:for\s+)", "", c.rest)
            if re.match(r"~?\d", figure):
                joiner = "for " if c.rest.startswith("for") else ""
                if cur.results and joiner:
                    cur.results[-1] += f" for {figure}"
                elif cur.results and c.sentence in cur.sentences:
                    # "the whole outreach team (40 agents)"
                    cur.results[-1] += f" ({depersonalise(figure)})"
                else:
                    figure = depersonalise(figure)
                    cur.modifiers.append(f"({figure})" if not joiner else f"for {figure}")
        elif c.kind == "role":
            role = role or c
        elif c.kind == "scope" and c.subject.lower() == "i":
            text = _scope_bullet(c, role)
            if text:
                scope.append(Achievement([text], c.sentence, sentences={c.sentence}))
            elif c.verb in (
                "sit",
                "serve",
                "chair",
                "mentor",
                "coach",
                "supervise",
                "oversee",
                "volunteer",
                "organize",
                "coordinate",
                "lead",
                "run",
                "manage",
            ):
                phrase = action_phrase(c)
                if phrase:
                    scope.append(Achievement([phrase], c.sentence, sentences={c.sentence}))
    if pending and out:
        out[-1].results.extend(pending)
    elif pending:
        out.extend(Achievement(["Contributed to " + p], 0) for p in pending)
    if not out and not scope and role is not None:
        # Only the job was said: say the job, the one thing there is to say.
        rest = depersonalise(trim_rest(role.rest))
        lead = "Served as " if re.match(r"(?:a|an|the)\s", rest) else "Served "
        scope.append(Achievement([lead + rest], role.sentence, sentences={role.sentence}))
    for owner, result in credited:
        out.append(
            Achievement(
                ["Contributed to " + result], owner.sentence, sentences=set(owner.sentences)
            )
        )
    return _merge_short(scope + out)


_ONLY_WHEN = re.compile(r"(?:in|within|after|over)\s+(?:~?\d+|a|an|one|two|three)\s+\w+")
_FINISHING_VERBS = frozenset(
    {"sign", "close", "launch", "ship", "finish", "complete", "go", "wrap", "deliver"}
)
_SHARE = re.compile(
    r"(?i)^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|all|most|both|half|several|"
    r"many|some|each)\s+of\s+(?:them|those|these)$"
)


def _share_of_them(c: Clause) -> str | None:
    """ "2 of them got promoted to sous chef" after an action on people -> "2 of whom were
    promoted to sous chef": what happened to the people the candidate worked with."""
    m = _SHARE.match(c.subject.strip())
    if m is None or c.negated:
        return None
    rest = c.rest.strip().rstrip(".")
    if c.verb == "get" and re.match(r"[a-z]+ed\b", rest):
        verb = "were"  # "got promoted" -> "were promoted"
    elif c.verb_said.endswith("ed") or c.verb in ("be",):
        verb = c.verb_said
    else:
        return None  # "2 of them said...": their words, not an outcome
    return f"{m.group(1)} of whom {verb} {rest}".strip()


def _merge_short(achievements: list[Achievement]) -> list[Achievement]:
    """A bullet under 40 characters joins its neighbour as a second action when both fit."""
    out: list[Achievement] = []
    for a in achievements:
        prev = out[-1] if out else None
        if (
            prev
            and (len(a.render()) < MIN_CHARS or len(prev.render()) < MIN_CHARS)
            and not (a.results and prev.results)
            and len(prev.render()) + len(a.render()) < MAX_CHARS
        ):
            # The results follow the last action said, so the one that has them goes second:
            # "Trained 3 cooks and reorganized the prep lists, cutting ticket times ...".
            first, second = (a, prev) if prev.results else (prev, a)
            if first.modifiers:
                # "(130% of quota)" stays with the deed it was said about.
                first.actions = [_join_actions(first.actions) + _modifiers_text(first.modifiers)]
                first.modifiers = []
            for part in (first, second):
                if part.team and not (first.team and second.team):
                    part.actions[0] = part.render(modifiers=False, results=0)
                    part.actions[1:] = []  # the team's share is said before the two join
            merged = Achievement(
                first.actions + [x[:1].lower() + x[1:] for x in second.actions],
                first.sentence,
                first.team and second.team,
                first.modifiers + second.modifiers,
                first.results + second.results,
                first.sentences | second.sentences,
                first.metric or second.metric,
            )
            out[-1] = merged
            continue
        out.append(a)
    return out


def org_phrase(clauses: list[Clause]) -> str:
    """Where the candidate works ("at Brightwave"), said once on the bullets."""
    return _org(clauses)


def _appositive(c: Clause) -> str | None:
    """ "they are a DSO with 26 offices" -> "(a DSO with 26 offices)"; "that was a $2.5M
    contract" -> ", a $2.5M contract"."""
    if c.verb != "be" or not re.search(r"\d|\b[A-Z]", c.rest):
        return None
    rest = depersonalise(trim_rest(c.rest))
    if not re.match(r"(?:a|an|the)\s", rest) or len(rest) > 60:
        return None
    subj = c.subject.lower()
    if subj in ("they", "he", "she"):
        return f"({rest})"
    if subj in ("that", "it", "which"):
        return f", {rest}"
    return None


def _taken_up(c: Clause, history: list[str]) -> str:
    """Others taking up the candidate's work, said as the work's reach."""
    who = re.sub(r"^(The|A|An|Our|My)\b", lambda m: m.group(1).lower(), depersonalise(c.subject))
    who = re.sub(r",\s*(?:he|she|they)$", "", who)  # "the ops team, they rolled it out"
    first = who.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and is_noun(first):
        who = first.lower() + who[len(first) :]  # "Leadership" opened the sentence, not a name
    rest = depersonalise(trim_rest(c.rest))
    lemma = c.verb.split(":")[-1]
    if c.kind == "enabled":
        if who.lower() in ("they", "he", "she"):
            who = next(
                (h for h in reversed(history) if re.search(r"team|staff|agents|reps", h)),
                "the team",
            )
        return f"letting {who} {lemma} {rest}"
    if who.lower() in ("she", "he", "they"):
        who = next(
            (
                h
                for h in reversed(history)
                if re.search(
                    r"\b(?:manager|director|supervisor|lead|committee|board|principal|chief|head|vp|"
                    r"leadership|team)\b",
                    h,
                    re.I,
                )
            ),
            "leadership",
        )
    if lemma in ("push", "roll") and (m := re.search(r"\bout to (.+)$", rest)):
        if any(who.lower() in h.lower() for h in history[-2:]):
            return f"who rolled it out to {m.group(1)}"  # "sent it to the manager, who ..."
        return f"later rolled out to {m.group(1)} by {who}"
    rest = re.sub(r"^(?:it|them|the \w+)\s+(?:out\s+)?(?=to\b)", "", rest)
    if lemma == "make":
        return "later adopted as " + re.sub(r"^it\s+", "", rest)
    return f"later adopted by {who}" + (
        f" {rest}" if rest.startswith(("to ", "across ", "for ")) else ""
    )


def _resolve(c: Clause, history: list[str]) -> None:
    """Replace a leading object pronoun ("redesigned it as") with what it points to."""
    if (one := re.match(r"(a new|another) one\b", c.rest)) and history:
        head = history[-1].split()[-1]
        c.rest = f"{one.group(1)} {head}{c.rest[one.end() :]}"  # "found a new one": a new venue
    m = re.match(r"(?P<p>it|them|this|that)\b(?P<tail>.*)$", c.rest)
    if not m or c.kind not in ("own", "team"):
        return
    found = resolve_pronoun(m.group("p"), history)
    if found:
        c.rest = found + m.group("tail")


def _place_org(achievements: list[Achievement], org: str) -> None:
    """Say where once: on the first bullet that does not name it yet and has room."""
    if not org or not achievements:
        return
    name = org.split(" ", 1)[1].replace(NAME_JOINER, " ").lower()
    if any(name in a.render().lower() for a in achievements):
        return
    for a in achievements:
        if len(a.render()) + len(org) + 1 <= MAX_CHARS and not a.team:
            a.actions[0] = f"{a.actions[0]} {org}"
            return
