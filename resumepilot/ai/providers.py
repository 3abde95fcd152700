"""Who writes bullets and questions: the built-in engine or any OpenAI-compatible server.

Every provider's bullets pass the grounding guard. The OpenAI-compatible provider falls back
to the built-in engine when the server fails (timeout, HTTP error, malformed JSON) and says so
on the result (fallback=True, reason=...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from resumepilot.ai.builtin.engine import generate_bullets
from resumepilot.ai.builtin.variants import variants
from resumepilot.ai.grounding import guard
from resumepilot.ai.models import BulletList, Question, Rewrite, Turn
from resumepilot.ai.replies import MalformedReply, json_reply

if TYPE_CHECKING:
    from resumepilot.config import Settings

BULLETS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "bullets": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 6}
    },
    "required": ["bullets"],
    "additionalProperties": False,
}
# The same rules the built-in engine follows; checks.py enforces them on the reply in code.
RULES = (
    "Rules for every bullet: ONE sentence of 40 to 200 characters, no semicolons, no trailing "
    "story ('; it was the holiday rush'). Start with a strong past-tense action verb (Built, "
    "Reduced, Trained), never helped, worked, was, used, made, did or got. Action first, and the "
    "result attached to the action it came from: 'Reworked the STAT queue, cutting turnaround "
    "from 3 hours to 45 minutes'. No first person (I, me, my, we, our, us), no fillers or "
    "hedges (um, like, you know, I'd say, pretty much, or so), no contractions. Figures as "
    "digits. When the speaker corrects themselves ('forty, no sorry, forty-eight'), use only the "
    "correction; never the figure taken back. Say every change in the direction its figures go: "
    "a drop in a bad thing is an improvement ('Cut change failure rate from 15% to 2%', never "
    "'Increased ... from 15% to 2%'). Only the candidate's own actions are theirs: what "
    "patients, students, customers or colleagues did is not the candidate's achievement. Team "
    "work stays team work ('with 3 engineers', 'Co-led'); never upgrade a claim ('helped' never "
    "becomes 'Led'). Context (when, where, why) becomes a short modifier or is dropped. State "
    "only what was said: every figure, tool and organisation must come from the answer."
)
SYSTEM_PROMPT = (
    "You turn a job seeker's spoken interview answer into resume bullets a professional resume "
    "writer would put on a resume. Write 2 to 6 bullets, no two saying the same thing. " + RULES
)
REWRITE_PROMPT = (
    "You reword one resume bullet. Write ONE different version: another lead verb of the same "
    "strength or another structure (result first, or action first), keeping every fact and "
    "adding none. " + RULES
)
REWRITE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"bullet": {"type": "string"}},
    "required": ["bullet"],
    "additionalProperties": False,
}
JSON_INSTRUCTION = 'Reply with only a JSON object of the form {"bullets": ["...", "..."]}.'


class ProviderError(Exception):
    """A provider could not produce a usable answer; the message is the fallback reason."""


class AIProvider(Protocol):
    """What the interview and resume features need from an AI engine."""

    name: str

    def bullets(self, role: str, question: str, transcript: str) -> BulletList: ...

    def next_question(
        self, role: str, turns: Sequence[Turn], title: str | None = None
    ) -> Question: ...

    def rewrite(
        self, role: str, question: str, transcript: str, text: str, avoid: Sequence[str] = ()
    ) -> Rewrite: ...


NO_VARIANT = (
    "No other wording keeps every fact of this bullet and passes the checks. Edit it "
    "yourself, or write a new one from your answer."
)


def rewrite_builtin(transcript: str, text: str, avoid: Sequence[str] = ()) -> Rewrite:
    """The first variant of `text` that passes the checks and differs from it and from `avoid`."""
    from resumepilot.ai.grounding import Transcript, grounding_problem

    problem = grounding_problem(text, Transcript.of(transcript))
    if problem:
        return Rewrite(
            None,
            f"This bullet cannot be reworded as it stands: it {problem}. Edit "
            f"it to match what you said.",
        )
    banned = {text.strip().lower(), *(a.strip().lower() for a in avoid)}
    first_reason = None
    for candidate in variants(text, avoid):
        checked = guard([candidate], transcript)
        if checked.bullets and checked.bullets[0].text.lower() not in banned:
            return Rewrite(checked.bullets[0])
        if checked.rejected and first_reason is None:
            first_reason = checked.rejected[0].reason
    own = guard([text], transcript)
    if own.rejected:
        return Rewrite(
            None,
            f"This bullet cannot be reworded as it stands: it "
            f"{own.rejected[0].reason}. Edit it to match what you said.",
        )
    return Rewrite(None, NO_VARIANT)


class BuiltinProvider:
    """Our offline rules: deterministic, fast, no network, no model download."""

    name = "builtin"

    def __init__(self) -> None:
        from resumepilot.ai.builtin.words import warm_up

        warm_up()

    def bullets(self, role: str, question: str, transcript: str) -> BulletList:
        checked = guard(generate_bullets(role, question, transcript), transcript)
        return BulletList(
            checked.bullets, provider=self.name, dropped=checked.dropped, rejected=checked.rejected
        )

    def next_question(self, role: str, turns: Sequence[Turn], title: str | None = None) -> Question:
        from resumepilot.ai.interviewer import next_question

        return next_question(role, turns, title)

    def rewrite(
        self, role: str, question: str, transcript: str, text: str, avoid: Sequence[str] = ()
    ) -> Rewrite:
        """Another wording of one bullet (the role and question are not needed by the rules)."""
        return rewrite_builtin(transcript, text, avoid)


def _strip_marker(text: str) -> str:
    """Models like list markers and closing periods; resumes here use neither."""
    return re.sub(r"^\s*(?:[-*•·]|\d+[.)])\s*", "", text).strip().rstrip(".")


def parse_bullets(content: str | None) -> list[str]:
    """Bullet strings from a model reply; ProviderError when it is not the JSON asked for."""
    try:
        data = json_reply(content)
    except MalformedReply as exc:
        raise ProviderError(str(exc)) from exc
    items = data.get("bullets") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ProviderError("malformed JSON: no bullets list")
    out = []
    for item in items:
        text = item.get("text") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            out.append(_strip_marker(text))
    if not out:
        raise ProviderError("malformed JSON: bullets list is empty")
    return out


class OpenAICompatibleProvider:
    """Any server speaking the OpenAI chat API (OpenAI, Ollama, vLLM), via the official SDK."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str,
        timeout: float = 20.0,
        max_retries: int = 1,
        fallback: BuiltinProvider | None = None,
    ) -> None:
        import openai

        self._openai = openai
        # Local servers (Ollama, vLLM) accept any key, but the SDK insists on one.
        self.client = openai.OpenAI(
            base_url=base_url, api_key=api_key or "unused", timeout=timeout, max_retries=max_retries
        )
        self.model = model
        self.fallback = fallback or BuiltinProvider()
        # Learned on the first refusal so later calls go straight to prompted JSON.
        self.structured_output: bool | None = None

    def _chat(self, messages: list[dict[str, str]], schema: dict[str, Any] | None) -> str | None:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": 0.2}
        if schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "resume_bullets", "schema": schema, "strict": True},
            }
        reply = self.client.chat.completions.create(**kwargs)
        if not reply.choices:
            raise ProviderError("reply has no choices")
        content: str | None = reply.choices[0].message.content
        return content

    def _ask(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> str | None:
        """Structured output first; prompted JSON when the server refuses json_schema."""
        errors = self._openai
        if self.structured_output is not False:
            try:
                content = self._chat(messages, schema)
                self.structured_output = True
                return content
            except (errors.BadRequestError, errors.UnprocessableEntityError, errors.NotFoundError):
                if self.structured_output:
                    raise  # it worked before, so this refusal is about the request itself
                self.structured_output = False
        last = {"role": "user", "content": messages[-1]["content"] + "\n\n" + JSON_INSTRUCTION}
        prompted = [*messages[:-1], last]
        return self._chat(prompted, None)

    def _reason(self, exc: Exception) -> str:
        errors = self._openai
        if isinstance(exc, errors.APITimeoutError):
            return "timeout"
        if isinstance(exc, errors.APIStatusError):
            return f"HTTP {exc.status_code}"
        if isinstance(exc, errors.APIConnectionError):
            return "connection error"
        if isinstance(exc, ProviderError):
            return str(exc)
        return f"{type(exc).__name__}"

    def bullets(self, role: str, question: str, transcript: str) -> BulletList:
        user = f"Role: {role}\nQuestion: {question}\nAnswer (transcript):\n{transcript}"
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]
        try:
            texts = parse_bullets(self._ask(messages, BULLETS_SCHEMA))
        except (ProviderError, self._openai.OpenAIError) as exc:
            return self._fall_back(role, question, transcript, self._reason(exc))
        checked = guard(texts, transcript)
        if not checked.bullets:
            reason = "no bullet passed the grounding guard and checks"
            return self._fall_back(role, question, transcript, reason)
        return BulletList(
            checked.bullets, provider=self.name, dropped=checked.dropped, rejected=checked.rejected
        )

    def _fall_back(self, role: str, question: str, transcript: str, reason: str) -> BulletList:
        result = self.fallback.bullets(role, question, transcript)
        return BulletList(
            list(result),
            provider=self.fallback.name,
            fallback=True,
            reason=reason,
            dropped=result.dropped,
            rejected=result.rejected,
        )

    def rewrite(
        self, role: str, question: str, transcript: str, text: str, avoid: Sequence[str] = ()
    ) -> Rewrite:
        """The model rewords; the same checks judge it; the built-in variants are the fallback."""
        banned = {text.strip().lower(), *(a.strip().lower() for a in avoid)}
        avoid_note = "".join(f"\n- {a}" for a in avoid)
        user = (
            f"Role: {role}\nQuestion: {question}\nAnswer (transcript):\n{transcript}\n\n"
            f"Bullet to reword: {text}" + (f"\nDo not return any of:{avoid_note}" if avoid else "")
        )
        messages = [
            {"role": "system", "content": REWRITE_PROMPT},
            {"role": "user", "content": user},
        ]
        reason = None
        try:
            content = self._ask(messages, REWRITE_SCHEMA) or ""
            data = json.loads(content.strip().strip("`").removeprefix("json").strip())
            candidate = _strip_marker(str(data.get("bullet", "")))
            checked = guard([candidate], transcript)
            if checked.bullets and checked.bullets[0].text.lower() not in banned:
                return Rewrite(checked.bullets[0], provider=self.name)
            reason = checked.rejected[0].reason if checked.rejected else "same text as before"
        except (ProviderError, self._openai.OpenAIError, ValueError, AttributeError) as exc:
            reason = self._reason(exc)
        result = rewrite_builtin(transcript, text, avoid)
        return (
            Rewrite(result.bullet, result.reason, provider=self.fallback.name, fallback=True)
            if result.bullet or reason is None
            else Rewrite(None, result.reason, provider=self.fallback.name, fallback=True)
        )

    def next_question(self, role: str, turns: Sequence[Turn], title: str | None = None) -> Question:
        """The built-in planner decides what to ask; the model only words it, when it can."""
        plan = self.fallback.next_question(role, turns, title)
        if plan.kind in ("done", "back", "closing"):
            return plan
        asked = {t.text.strip().lower() for t in turns if t.speaker == "interviewer"}
        last = next((t.text for t in reversed(turns) if t.speaker == "candidate"), "")
        prompt = (
            f"You are a friendly interviewer helping a {title or role} recall resume "
            f"material. The candidate last said: {last!r}. Ask this next, in one short "
            f"sentence ending with '?': {plan.text}"
        )
        schema = {
            "type": "object",
            "properties": {"question": {"type": "string"}},
            "required": ["question"],
            "additionalProperties": False,
        }
        try:
            content = self._ask([{"role": "user", "content": prompt}], schema) or ""
            text = str(json.loads(content.strip().strip("`")).get("question", "")).strip()
        except (ProviderError, self._openai.OpenAIError, ValueError, AttributeError):
            return plan
        if not (10 <= len(text) <= 240 and text.endswith("?")) or text.lower() in asked:
            return plan
        return Question(plan.id, text, plan.kind, plan.topic, plan.missing)


def build_provider(settings: Settings) -> AIProvider:
    """The provider the settings ask for; the built-in engine unless "openai" is chosen."""
    choice = (settings.ai_provider or "builtin").strip().lower()
    if choice == "builtin":
        return BuiltinProvider()
    if choice in ("openai", "openai_compatible", "openai-compatible"):
        return OpenAICompatibleProvider(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key,
            model=settings.openai_model,
        )
    raise ValueError(f"unknown ai_provider {settings.ai_provider!r}: use builtin or openai")
