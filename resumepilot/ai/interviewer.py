"""The interviewer: which question comes next, from the role and the turns so far.

Pure functions over a list of turns, so the state can live in interview_turns. The planner
opens with a question that fits the role, follows up on what the story still lacks (the
candidate's own part, a result, a number, the scale, the tools) and never on what it has, moves
to the next topic once the story is complete or three follow-ups are spent, announces the last
question ("Last question: ...") and asks nothing after it, never repeats a wording except to
bring back a skipped question, and obeys skip, rephrase, back and finish.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from resumepilot.ai.models import Question, Turn
from resumepilot.ai.numbers import number_values
from resumepilot.ai.roles import SHARED_TOPICS, Role, display_title, get_role
from resumepilot.ai.terms import named_terms

MAX_FOLLOW_UPS = 3
LAST_PREFIX = "Last question: "
COMMANDS: dict[str, tuple[str, ...]] = {
    "finish": (
        "finish",
        "done",
        "end",
        "stop",
        "that's all",
        "that is all",
        "i'm done",
        "im done",
        "end interview",
        "finish interview",
        "let's finish",
        "wrap up",
    ),
    "skip": (
        "skip",
        "next",
        "next question",
        "pass",
        "move on",
        "let's move on",
        "skip this",
        "skip question",
        "skip it",
    ),
    "rephrase": (
        "rephrase",
        "rephrase that",
        "rephrase please",
        "can you rephrase",
        "say it another way",
        "what do you mean",
        "i don't understand",
        "i dont understand",
        "reword",
    ),
    "back": ("back", "go back", "previous", "previous question", "undo"),
}
# What a follow-up asks for, in the order a resume needs it. Each wording names the element
# plainly so a candidate (or a simulated one) knows what is being asked.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "action": (
        "What did you personally do? Walk me through your own part, step by step.",
        "Which part of that was yours, and how did you go about it?",
        "What was your own contribution, step by step?",
    ),
    "result": (
        "What changed because of your work? What was the result?",
        "How did it turn out, and how did you know it worked? What was the outcome?",
        "What was different afterwards? What was the result?",
    ),
    "numbers": (
        "Can you put a number on the result: a percentage, time saved, money, or a "
        "before-and-after figure?",
        "Roughly how much did it move? Any number helps, even an estimate.",
        "Is there a number that shows the size of the result?",
    ),
    "scale": (
        "How big was it: how many people, customers, sites or how much budget or "
        "volume was involved?",
        "What was the scale: who relied on this, and how many of them?",
        "How large was the scope, in people, money or volume?",
    ),
    "tools": (
        "Which tools, software or methods did you use?",
        "What did you build it with, or which tools and methods did you rely on?",
        "Which software, technologies or techniques were involved?",
    ),
}
CLOSING = "Thank you, that's plenty to write strong bullets from. Let's look at them next."
_DONT_KNOW = re.compile(
    r"\b(?:don't|do not|can't|cannot) (?:know|remember|recall|say)|no idea|"
    r"not sure|no numbers?\b|n/a\b|didn't (?:measure|track)",
    re.I,
)
_SCALE = re.compile(
    r"\b(?:users|customers|clients|patients|students|kids|accounts|members|"
    r"employees|staff|people|engineers|nurses|agents|reps|stores|sites|"
    r"locations|schools|departments|offices|branches|countries|markets|teams|"
    r"beds|seats|practices|clinics|hospitals|warehouses|visitors|subscribers|"
    r"orders|transactions|tickets|documents|records|products|budget|revenue|"
    r"per (?:day|week|month)|a (?:day|week|month|year))\b|[$€£]\d",
    re.I,
)


def parse_command(text: str) -> str | None:
    """skip / rephrase / back / finish when the candidate's message is one of those commands."""
    norm = re.sub(r"[^\w' ]+", " ", text.lower()).strip()
    norm = re.sub(r"\s+", " ", re.sub(r"^(?:please|ok|okay|can we|could you)\s+", "", norm))
    norm = re.sub(r"\s+please$", "", norm)
    if len(norm) > 40:
        return None
    for command, phrases in COMMANDS.items():
        if norm in phrases:
            return command
    return None


def answer_elements(text: str, tool_heavy: bool = False) -> set[str]:
    """Which parts of a strong story an answer already has, read by the engine's own stages."""
    from resumepilot.ai.builtin.classify import segment
    from resumepilot.ai.builtin.speech import repair

    repaired = repair(text)
    clauses = segment([s.text for s in repaired.sentences])
    kinds = {c.kind for c in clauses}
    found = set()
    if kinds & {"own", "scope"} or re.search(r"\bmy (?:role|job|part) was\b", text, re.I):
        found.add("action")
    if kinds & {"result", "adopt", "enabled"}:
        found.add("result")
    figures = {v for v in number_values(repaired.text) if not 1900 <= v <= 2100}
    if figures:
        found.add("numbers")
    if _SCALE.search(repaired.text) and figures or kinds & {"size"}:
        found.add("scale")
    if named_terms(text, skip_first_word=False) or not tool_heavy:
        found.add("tools")
    return found


def _topics(role: Role) -> list[tuple[str, tuple[str, ...]]]:
    return [("opening", role.openings), role.special, *SHARED_TOPICS]


def _texts(role: Role, title: str, qid: str) -> tuple[str, ...]:
    topic, _, slot = qid.partition("/")
    if slot.startswith("f-"):
        return FOLLOW_UPS.get(slot[2:], ())
    for key, variants in _topics(role):
        if key == topic:
            texts = tuple(v.replace("{title}", title) for v in variants)
            if key == _topics(role)[-1][0]:
                texts = tuple(LAST_PREFIX + t for t in texts)
            return texts
    return ()


def _plain(text: str) -> str:
    return text.strip().lower().removeprefix(LAST_PREFIX.lower())


def _infer_id(role: Role, title: str, turn: Turn) -> str:
    """The question id of an interviewer turn, from its id or else by matching its text."""
    if turn.question_id:
        return turn.question_id
    text = _plain(turn.text)
    for key, _ in _topics(role):
        if text in (_plain(v) for v in _texts(role, title, f"{key}/main")):
            return f"{key}/main"
    for element, variants in FOLLOW_UPS.items():
        if text in (v.lower() for v in variants):
            return f"?/f-{element}"
    return "?/main"


def _ask(
    role: Role, title: str, qid: str, kind: str, asked: set[str], missing: tuple[str, ...] = ()
) -> Question | None:
    """The first wording of qid not asked yet; None when every wording was used."""
    for text in _texts(role, title, qid):
        if text.lower() not in asked:
            return Question(qid, text, kind, qid.partition("/")[0], missing)  # type: ignore[arg-type]
    return None


def _next_topic(
    role: Role, title: str, done_topics: list[str], asked: set[str], kind: str = "topic"
) -> Question:
    for key, _ in _topics(role):
        if key not in done_topics:
            q = _ask(role, title, f"{key}/main", "opening" if key == "opening" else kind, asked)
            if q:
                return q
    return Question("closing", CLOSING, "done", "closing")


def _exchanges(role: Role, title: str, turns: Sequence[Turn]) -> list[tuple[str, Turn, str | None]]:
    """(question id, question turn, the reply to it or None) for every question asked."""
    out: list[tuple[str, Turn, str | None]] = []
    for i, t in enumerate(turns):
        if t.speaker != "interviewer":
            continue
        reply = next((x.text for x in turns[i + 1 : i + 2] if x.speaker == "candidate"), None)
        out.append((_infer_id(role, title, t), t, reply))
    return out


def _go_back(role: Role, title: str, turns: Sequence[Turn], asked: set[str]) -> Question:
    """The question before the current one; a skipped one comes back in its own words."""
    stack: list[tuple[str, Turn, str | None]] = []
    came_back = False
    for qid, turn, reply in _exchanges(role, title, turns):
        if not came_back:
            stack.append((qid, turn, reply))
        else:
            stack[-1] = (qid, turn, reply)  # the question reached by "back" takes its place
        came_back = reply is not None and parse_command(reply) == "back"
        if came_back and len(stack) > 1:
            stack.pop()
    qid, turn, reply = stack[-1]
    topic = qid.partition("/")[0]
    answered = any(
        r is not None and parse_command(r) is None
        for q, _, r in _exchanges(role, title, turns)
        if q == qid
    )
    if not answered:
        # Skipped (or never answered): ask it again as it was, so the candidate can answer now.
        return Question(qid, turn.text, "back", topic)
    return _ask(role, title, qid, "back", asked) or Question(qid, turn.text, "back", topic)


def next_question(role: str, turns: Sequence[Turn], title: str | None = None) -> Question:
    """The next thing the interviewer says, given every turn so far (oldest first)."""
    r = get_role(role)
    name = display_title(role, title)
    asked = {t.text.strip().lower() for t in turns if t.speaker == "interviewer"}
    ids = [_infer_id(r, name, t) for t in turns if t.speaker == "interviewer"]
    topics_seen = list(dict.fromkeys(i.partition("/")[0] for i in ids))
    if not ids:
        return _next_topic(r, name, [], asked)
    last_iv = max(i for i, t in enumerate(turns) if t.speaker == "interviewer")
    answers = [t.text for t in turns[last_iv + 1 :] if t.speaker == "candidate"]
    current = ids[-1]
    topic = current.partition("/")[0]
    if not answers:
        # Asked and not answered yet: the same question stands (this is not a repeat).
        last = turns[last_iv]
        return Question(current, last.text, "topic", topic)
    command = parse_command(answers[-1])
    if command == "finish":
        return Question("closing", CLOSING, "done", "closing")
    if command == "rephrase":
        return _ask(r, name, current, "rephrase", asked) or _next_topic(r, name, topics_seen, asked)
    if command == "back":
        return _go_back(r, name, turns, asked)
    if command == "skip":
        return _next_topic(r, name, topics_seen, asked)
    if topic == _topics(r)[-1][0]:
        # The last question was announced as the last: no follow-ups after it.
        return _next_topic(r, name, [k for k, _ in _topics(r)], asked)
    # Everything said on this topic so far counts, not only the last message.
    start = next(
        i
        for i, t in enumerate(turns)
        if t.speaker == "interviewer" and _infer_id(r, name, t).partition("/")[0] == topic
    )
    story = " ".join(
        t.text for t in turns[start:] if t.speaker == "candidate" and parse_command(t.text) is None
    )
    have = answer_elements(story, r.tool_heavy)
    follow_ups = [i for i in ids if i.startswith(topic + "/f-")]
    asked_elements = {i.partition("/f-")[2] for i in follow_ups}
    if follow_ups and _DONT_KNOW.search(answers[-1]):
        asked_elements.add(follow_ups[-1].partition("/f-")[2])
    order = ("action", "result", "numbers", "scale", "tools")
    missing = tuple(e for e in order if e not in have and e not in asked_elements)
    if missing and len(follow_ups) < MAX_FOLLOW_UPS:
        q = _ask(r, name, f"{topic}/f-{missing[0]}", "follow_up", asked, missing)
        if q:
            return q
    return _next_topic(r, name, topics_seen, asked)
