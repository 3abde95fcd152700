"""How many of a candidate's facts the interviewer draws out and gets into good bullets.

Simulated candidates each hold one story's facts (their action, own part, result, a number, the
scale, the tools) and reveal a fact only when a question asks about it (keyword matching on the
question). Each candidate is interviewed for at most 8 questions by the planner
(resumepilot.ai.interviewer) and by a fixed-question baseline (the role's topic questions in
order, no follow-ups). The bullets come from the same built-in engine; a fact counts when a good
bullet carries it, judged by the criteria of ../shared/eval/bullets/score.py when that file is
present (else by resumepilot.ai.checks, our own version of the same criteria).

Run: .venv/bin/python bench/interviewer.py
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resumepilot.ai.checks import form_problems  # noqa: E402
from resumepilot.ai.interviewer import next_question, parse_command  # noqa: E402
from resumepilot.ai.models import Turn  # noqa: E402
from resumepilot.ai.numbers import number_values  # noqa: E402
from resumepilot.ai.providers import BuiltinProvider  # noqa: E402
from resumepilot.ai.roles import SHARED_TOPICS, display_title, get_role  # noqa: E402

TURNS = 8
SCORER = Path(__file__).resolve().parents[2] / "shared/eval/bullets/score.py"
# Which words in a question make a candidate reveal which fact.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "action": (
        "tell me about",
        "walk me through",
        "describe",
        "what did you",
        "how did you",
        "proud",
        "accomplishment",
    ),
    "own": ("personally", "your own", "your part", "yours", "contribution", "step by step"),
    "result": (
        "result",
        "outcome",
        "changed",
        "turn out",
        "afterwards",
        "impact",
        "before and after",
        "different",
    ),
    "number": ("number", "how much", "percentage", "figure", "estimate"),
    "scale": ("how many", "how big", "scale", "scope", "budget", "volume", "relied"),
    "tools": ("tools", "software", "technolog", "methods", "built it with", "techniques"),
}


@dataclass
class Fact:
    kind: str
    said: str  # what the candidate says when asked
    numbers: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass
class Candidate:
    name: str
    role: str
    facts: tuple[Fact, ...]


CANDIDATES = (
    Candidate(
        "devops",
        "software_engineer",
        (
            Fact(
                "action",
                "At Quillbyte I moved our release pipeline to canary releases.",
                terms=("Quillbyte",),
            ),
            Fact("own", "I designed the rollout plan myself and wrote the rollback scripts."),
            Fact(
                "result",
                "The change failure rate went from twenty percent to under three percent.",
                numbers=("20%", "3%"),
            ),
            Fact(
                "number", "Deploy time went from two hours to twelve minutes.", numbers=("2", "12")
            ),
            Fact("scale", "That is for forty engineers, so it added up.", numbers=("40",)),
            Fact(
                "tools",
                "I built it on Argo CD and wrote the scripts in Python.",
                terms=("Argo CD", "Python"),
            ),
        ),
    ),
    Candidate(
        "nurse",
        "nurse",
        (
            Fact(
                "action",
                "On our oncology unit I started bedside shift report.",
                terms=("oncology",),
            ),
            Fact("own", "I wrote the handoff checklist and trained the night shift on it."),
            Fact("result", "Handoff errors dropped from nine a month to two.", numbers=("9", "2")),
            Fact(
                "number",
                "Report time went from forty minutes to twenty-five minutes.",
                numbers=("40", "25"),
            ),
            Fact("scale", "I trained thirty-six nurses across both shifts.", numbers=("36",)),
            Fact("tools", "I built the checklist into Epic.", terms=("Epic",)),
        ),
    ),
    Candidate(
        "teacher",
        "teacher",
        (
            Fact(
                "action",
                "I started a peer tutoring program at Lakeview Middle School.",
                terms=("Lakeview Middle School",),
            ),
            Fact("own", "I recruited the tutors and ran the training sessions myself."),
            Fact(
                "result",
                "The math pass rate went up from sixty percent to seventy-eight percent.",
                numbers=("60%", "78%"),
            ),
            Fact(
                "number",
                "Failing grades dropped from forty to twelve by spring.",
                numbers=("40", "12"),
            ),
            Fact(
                "scale",
                "We had twenty-four tutors working with ninety students.",
                numbers=("24", "90"),
            ),
            Fact("tools", "I tracked progress in Google Sheets.", terms=("Google Sheets",)),
        ),
    ),
    Candidate(
        "sales",
        "sales",
        (
            Fact(
                "action",
                "At Corvel I rebuilt my outbound prospecting for hospital accounts.",
                terms=("Corvel",),
            ),
            Fact("own", "I wrote the sequences and ran every discovery call myself."),
            Fact(
                "result",
                "I closed a three hundred thousand dollar deal with a hospital network.",
                numbers=("300 thousand",),
            ),
            Fact(
                "number",
                "I finished the year at one hundred twenty-one percent of quota.",
                numbers=("121%",),
            ),
            Fact("scale", "My territory covers about sixty accounts.", numbers=("60",)),
            Fact(
                "tools",
                "I built the sequences in Outreach and tracked them in Salesforce.",
                terms=("Outreach", "Salesforce"),
            ),
        ),
    ),
    Candidate(
        "accountant",
        "accountant",
        (
            Fact(
                "action",
                "At Brindle Foods I rebuilt our month-end close.",
                terms=("Brindle Foods",),
            ),
            Fact("own", "I wrote the reconciliation templates and set up the close calendar."),
            Fact("result", "The close went from eleven days to six days.", numbers=("11", "6")),
            Fact(
                "number", "Audit adjustments dropped from fourteen to three.", numbers=("14", "3")
            ),
            Fact(
                "scale",
                "That covers four entities and about nine thousand transactions a month.",
                numbers=("4", "9 thousand"),
            ),
            Fact("tools", "I moved the reconciliations into BlackLine.", terms=("BlackLine",)),
        ),
    ),
    Candidate(
        "warehouse",
        "operations",
        (
            Fact(
                "action",
                "At the Dayton DC for Norvik I redesigned our pick paths.",
                terms=("Norvik",),
            ),
            Fact("own", "I mapped every aisle and retrained the pickers myself."),
            Fact(
                "result",
                "Pick accuracy went from ninety-four percent to ninety-nine percent.",
                numbers=("94%", "99%"),
            ),
            Fact(
                "number",
                "Orders per hour went from ninety to one hundred thirty.",
                numbers=("90", "130"),
            ),
            Fact("scale", "That is a team of forty-five pickers on two shifts.", numbers=("45",)),
            Fact("tools", "I set up the new slotting in Manhattan WMS.", terms=("Manhattan WMS",)),
        ),
    ),
    Candidate(
        "support",
        "customer_support",
        (
            Fact(
                "action",
                "At Helpwise I rebuilt our help center articles for billing questions.",
                terms=("Helpwise",),
            ),
            Fact(
                "own",
                "I wrote thirty articles and set up the bot suggestions myself.",
                numbers=("30",),
            ),
            Fact(
                "result",
                "Billing tickets dropped from five hundred a week to two hundred.",
                numbers=("500", "200"),
            ),
            Fact(
                "number",
                "CSAT went from eighty-two percent to ninety percent.",
                numbers=("82%", "90%"),
            ),
            Fact("scale", "That is for about twelve thousand customers.", numbers=("12 thousand",)),
            Fact("tools", "I built it in Zendesk Guide.", terms=("Zendesk",)),
        ),
    ),
    Candidate(
        "marketing",
        "marketing",
        (
            Fact(
                "action",
                "At Trailhead Gear I relaunched our email program.",
                terms=("Trailhead Gear",),
            ),
            Fact("own", "I segmented the list and rewrote every subject line myself."),
            Fact(
                "result",
                "Open rates went from eighteen percent to twenty-nine percent.",
                numbers=("18%", "29%"),
            ),
            Fact(
                "number",
                "Email revenue grew from forty thousand to seventy thousand dollars a month.",
                numbers=("40 thousand", "70 thousand"),
            ),
            Fact(
                "scale",
                "The list is about two hundred thousand subscribers.",
                numbers=("200 thousand",),
            ),
            Fact("tools", "I ran the tests in Klaviyo.", terms=("Klaviyo",)),
        ),
    ),
    Candidate(
        "designer",
        "designer",
        (
            Fact(
                "action",
                "At Fernway I redesigned the checkout flow of our app.",
                terms=("Fernway",),
            ),
            Fact("own", "I ran the usability tests and designed the new flow myself."),
            Fact(
                "result",
                "Checkout completion went from sixty-one percent to seventy-four percent.",
                numbers=("61%", "74%"),
            ),
            Fact(
                "number",
                "Support tickets about payment dropped by forty percent.",
                numbers=("40%",),
            ),
            Fact(
                "scale",
                "The app has about three hundred thousand monthly users.",
                numbers=("300 thousand",),
            ),
            Fact("tools", "I prototyped it in Figma.", terms=("Figma",)),
        ),
    ),
)


def load_scorer() -> ModuleType | None:
    """score.py from ../shared when present: its criteria decide what a good bullet is."""
    if not SCORER.is_file():
        return None
    spec = importlib.util.spec_from_file_location("bullet_score", SCORER)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reply(candidate: Candidate, question: str, told: set[str]) -> str:
    """What the candidate says: every fact the question asks about and they have not told."""
    q = question.lower()
    said = []
    for fact in candidate.facts:
        if fact.kind not in told and any(k in q for k in TRIGGERS[fact.kind]):
            said.append(fact.said)
            told.add(fact.kind)
    return " ".join(said) or "I think I covered that already."


def planner_questions(candidate: Candidate) -> list[tuple[str, str, str]]:
    """(topic, question, answer) for up to 8 questions asked by the planner."""
    turns: list[Turn] = []
    told: set[str] = set()
    out = []
    for _ in range(TURNS):
        q = next_question(candidate.role, turns)
        if q.done:
            break
        answer = reply(candidate, q.text, told)
        out.append((q.topic, q.text, answer))
        turns += [Turn("interviewer", q.text, q.id), Turn("candidate", answer)]
    return out


def fixed_questions(candidate: Candidate) -> list[tuple[str, str, str]]:
    """The baseline: the role's topic questions in order, whatever the answers."""
    role = get_role(candidate.role)
    title = display_title(candidate.role)
    topics = [("opening", role.openings), role.special, *SHARED_TOPICS]
    asked = [
        (key, text.replace("{title}", title))
        for n in range(3)
        for key, texts in topics
        if n < len(texts)
        for text in texts[n : n + 1]
    ][:TURNS]
    told: set[str] = set()
    return [(key, text, reply(candidate, text, told)) for key, text in asked]


def good(text: str, scorer: ModuleType | None) -> bool:
    if scorer is None:
        return not form_problems(text)
    return bool(
        scorer.action_verb_first(text)
        and not scorer.first_person(text)
        and not scorer.FILLERS.search(text)
        and not scorer.SPEECH.search(text)
        and scorer.one_idea(text)
        and 40 <= len(text) <= 200
    )


def carried(candidate: Candidate, bullets: list[str], scorer: ModuleType | None) -> int:
    """Facts (figures and names) that some good bullet carries."""
    kept = " ".join(b for b in bullets if good(b, scorer))
    values = number_values(kept)
    hits = 0
    for fact in candidate.facts:
        hits += sum(term.lower() in kept.lower() for term in fact.terms)
        hits += sum(max(number_values(n)) in values for n in fact.numbers)
    return hits


def run(
    candidate: Candidate, exchanges: list[tuple[str, str, str]], scorer: ModuleType | None
) -> dict[str, Any]:
    engine = BuiltinProvider()
    stories: dict[str, list[str]] = {}
    for topic, _, answer in exchanges:
        if parse_command(answer) is None and not answer.startswith("I think I covered"):
            stories.setdefault(topic, []).append(answer)
    bullets = [
        b.text
        for topic, answers in stories.items()
        for b in engine.bullets(candidate.role, topic, " ".join(answers))
    ]
    total = sum(len(f.numbers) + len(f.terms) for f in candidate.facts)
    told = sum(1 for f in candidate.facts if any(f.said in a for _, _, a in exchanges))
    return {
        "told": told,
        "facts": total,
        "carried": carried(candidate, bullets, scorer),
        "bullets": bullets,
        "questions": len(exchanges),
    }


def main() -> int:
    scorer = load_scorer()
    began = time.perf_counter()
    rows = []
    for c in CANDIDATES:
        rows.append((c, run(c, planner_questions(c), scorer), run(c, fixed_questions(c), scorer)))
    took = time.perf_counter() - began
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"### Interviewer: facts drawn out within {TURNS} questions "
        f"({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)\n"
    )
    print(f"- machine: {platform.platform()}, Python {platform.python_version()}, load {load:.2f}")
    print(f"- command: `python {' '.join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]])}`")
    print(
        f"- good bullets judged by: {'score.py (' + str(SCORER) + ')' if scorer else 'checks.py'}"
        f"; {len(CANDIDATES)} candidates, {took:.2f} s in all\n"
    )
    print(
        "| candidate | role | facts | stories told: planner / fixed | facts in good bullets: "
        "planner / fixed |"
    )
    print("|---|---|---:|---:|---:|")
    totals = [0, 0, 0, 0, 0]
    for c, p, f in rows:
        print(
            f"| {c.name} | {c.role} | {p['facts']} | {p['told']}/6 / {f['told']}/6 | "
            f"{p['carried']} / {f['carried']} |"
        )
        for i, v in enumerate((p["facts"], p["told"], f["told"], p["carried"], f["carried"])):
            totals[i] += v
    n = len(rows)
    print(
        f"| **all** | | {totals[0]} | {totals[1]}/{6 * n} / {totals[2]}/{6 * n} | "
        f"**{totals[3]} ({100 * totals[3] / totals[0]:.0f}%)** / {totals[4]} "
        f"({100 * totals[4] / totals[0]:.0f}%) |"
    )
    if "-v" in sys.argv:
        for c, p, f in rows:
            print(f"\n{c.name}: planner bullets")
            for b in p["bullets"]:
                print(f"  - {b}")
            print(f"{c.name}: fixed bullets")
            for b in f["bullets"]:
                print(f"  - {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
