"""The interviewer: which question comes next, from the role and the turns so far.

Pure functions over a list of turns, so the state can live in interview_turns. The planner
opens with a question that fits the role, follows up on what the last answer lacks (what the
speaker did, the result, numbers, tools, team, scope), moves to the next topic once an answer is
complete or two follow-ups are spent, never asks the same text twice, and obeys the commands
skip, rephrase, back and finish.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from resumepilot.ai.models import Question, Turn
from resumepilot.ai.numbers import number_values
from resumepilot.ai.roles import SHARED_TOPICS, Role, display_title, get_role
from resumepilot.ai.terms import named_terms

MAX_FOLLOW_UPS = 2
COMMANDS: dict[str, tuple[str, ...]] = {
    "finish": ("finish", "done", "end", "stop", "that's all", "that is all", "i'm done",
               "im done", "end interview", "finish interview", "let's finish", "wrap up"),
    "skip": ("skip", "next", "next question", "pass", "move on", "let's move on", "skip this",
             "skip question", "skip it"),
    "rephrase": ("rephrase", "rephrase that", "rephrase please", "can you rephrase",
                 "say it another way", "what do you mean", "i don't understand",
                 "i dont understand", "reword"),
    "back": ("back", "go back", "previous", "previous question", "last question", "undo"),
}
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "action": ("What did you personally do? Walk me through your own steps.",
               "Which part of that was yours, and how did you go about it?",
               "What was your own contribution, step by step?"),
    "result": ("What changed because of your work? What was the outcome?",
               "How did it turn out, and how did you know it worked?",
               "What was different afterwards?"),
    "numbers": ("Can you put a number on it: time saved, money, a percentage or people affected?",
                "Roughly how much did it move? Any figure helps, even an estimate.",
                "Is there a number that shows the size of the result?"),
    "tools": ("Which tools, technologies or methods did you use?",
              "What did you build it with, or which methods did you rely on?",
              "Which software or techniques were involved?"),
    "team": ("How big was the team, and what was your role in it?",
             "Who did you work with, and how many people were involved?",
             "Were you leading, or part of a group? How many people?"),
    "scope": ("How big was the scope: how many users, customers or how much budget?",
              "Who relied on this, and how many of them?",
              "What was at stake in size: people, money or volume?"),
    "situation": ("What was the situation: where were you, and what needed solving?",
                  "Set the scene for me: what was going on before you stepped in?",
                  "What problem or goal started this?"),
}
CLOSING = "Thank you, that's plenty to write strong bullets from. Let's look at them next."

_ACTION = re.compile(r"\b(?:i|we)\s+(?:\w+\s+)?(?:\w+ed|led|built|ran|wrote|made|set|drove|took|"
                     r"cut|grew|won|sold|taught|found|began|chose|spent|brought|kept|met|"
                     r"oversaw|did|got|own|lead|build|run|write|create|manage)\b|\bmy (?:role|job|"
                     r"part)\b", re.I)
_RESULT = re.compile(r"\b(?:increas|reduc|improv|sav|grew|grow|cut|drop|fell|rose|went (?:up|down|"
                     r"from)|launch|shipp|deliver|won|result|outcome|impact|so that|which meant|"
                     r"doubl|halv|faster|slower|fewer|more|less|award|promot|adopt|renew|clos)",
                     re.I)
_TEAM = re.compile(r"\bteam of\b|\b\d+\s+(?:people|engineers|nurses|reps|agents|designers|"
                   r"analysts|colleagues|developers|students|volunteers|staff|members|others)\b|"
                   r"\b(?:alone|by myself|on my own|solo|cross-functional|me and)\b", re.I)
_SCOPE = re.compile(r"\b(?:users|customers|clients|patients|students|accounts|members|revenue|"
                    r"budget|company-wide|nationwide|region|markets?|countries|stores|sites|"
                    r"visitors|subscribers|employees|orders|transactions)\b|[$€£]", re.I)
_SITUATION = re.compile(r"\b(?:at|when|while|our|because|problem|issue|goal|needed|was|were)\b",
                        re.I)
_DONT_KNOW = re.compile(r"\b(?:don't|do not|can't|cannot) (?:know|remember|recall|say)|no idea|"
                        r"not sure|no numbers?\b|n/a\b", re.I)


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
    """Which parts of a strong story an answer already has."""
    found = set()
    if _ACTION.search(text):
        found.add("action")
    if _RESULT.search(text):
        found.add("result")
    if number_values(text):
        found.add("numbers")
    if named_terms(text, skip_first_word=False) or not tool_heavy:
        found.add("tools")
    if _TEAM.search(text):
        found.add("team")
    if _SCOPE.search(text) or number_values(text):
        found.add("scope")
    if _SITUATION.search(text):
        found.add("situation")
    return found


def _topics(role: Role) -> list[tuple[str, tuple[str, ...]]]:
    return [("opening", role.openings), role.special, *SHARED_TOPICS]


def _texts(role: Role, title: str, qid: str) -> tuple[str, ...]:
    topic, _, slot = qid.partition("/")
    if slot.startswith("f-"):
        return FOLLOW_UPS.get(slot[2:], ())
    for key, variants in _topics(role):
        if key == topic:
            return tuple(v.replace("{title}", title) for v in variants)
    return ()


def _infer_id(role: Role, title: str, turn: Turn) -> str:
    """The question id of an interviewer turn, from its id or else by matching its text."""
    if turn.question_id:
        return turn.question_id
    text = turn.text.strip().lower()
    for key, _ in _topics(role):
        if text in (v.lower() for v in _texts(role, title, f"{key}/main")):
            return f"{key}/main"
    for element, variants in FOLLOW_UPS.items():
        if text in (v.lower() for v in variants):
            return f"?/f-{element}"
    return "?/main"


def _ask(role: Role, title: str, qid: str, kind: str, asked: set[str],
         missing: tuple[str, ...] = ()) -> Question | None:
    """The first wording of qid not asked yet; None when every wording was used."""
    for text in _texts(role, title, qid):
        if text.lower() not in asked:
            return Question(qid, text, kind, qid.partition("/")[0], missing)  # type: ignore[arg-type]
    return None


def _next_topic(role: Role, title: str, done_topics: list[str], asked: set[str],
                kind: str = "topic") -> Question:
    for key, _ in _topics(role):
        if key not in done_topics:
            q = _ask(role, title, f"{key}/main", "opening" if key == "opening" else kind, asked)
            if q:
                return q
    return Question("closing", CLOSING, "done", "closing")


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
    answers = [t.text for t in turns[last_iv + 1:] if t.speaker == "candidate"]
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
        mains = [i for i in dict.fromkeys(ids) if i.endswith("/main")]
        target = mains[-2] if len(mains) > 1 and current.endswith("/main") else mains[-1]
        return _ask(r, name, target, "back", asked) or _next_topic(r, name, topics_seen, asked)
    if command == "skip":
        return _next_topic(r, name, topics_seen, asked)
    # Everything said on this topic so far counts, not only the last message.
    start = next(i for i, t in enumerate(turns) if t.speaker == "interviewer"
                 and _infer_id(r, name, t).partition("/")[0] == topic)
    story = " ".join(t.text for t in turns[start:] if t.speaker == "candidate"
                     and parse_command(t.text) is None)
    have = answer_elements(story, r.tool_heavy)
    follow_ups = [i for i in ids if i.startswith(topic + "/f-")]
    asked_elements = {i.partition("/f-")[2] for i in follow_ups}
    if follow_ups and _DONT_KNOW.search(answers[-1]):
        asked_elements.add(follow_ups[-1].partition("/f-")[2])
    order = ("action", "result", "numbers", "situation", "tools", "team", "scope")
    missing = tuple(e for e in order if e not in have and e not in asked_elements)
    complete = {"action", "result", "numbers"} <= have and len(story.split()) >= 40
    if missing and not complete and len(follow_ups) < MAX_FOLLOW_UPS:
        q = _ask(r, name, f"{topic}/f-{missing[0]}", "follow_up", asked, missing)
        if q:
            return q
    return _next_topic(r, name, topics_seen, asked)
