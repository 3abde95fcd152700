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
from resumepilot.ai.grounding import guard
from resumepilot.ai.models import BulletList, Question, Turn

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
SYSTEM_PROMPT = (
    "You turn a job seeker's spoken interview answer into resume bullets. Write 2 to 5 bullets. "
    "Each bullet starts with a strong past-tense action verb (Led, Built, Reduced), never with "
    "helped, worked, was, used or made. No first person (I, me, my, we, our, us), no fillers, "
    "40 to 220 characters, numbers written as digits. State only what the candidate said: "
    "every figure, tool and organisation must come from the answer. Never invent numbers."
)
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


class BuiltinProvider:
    """Our offline rules: deterministic, fast, no network, no model download."""

    name = "builtin"

    def bullets(self, role: str, question: str, transcript: str) -> BulletList:
        checked = guard(generate_bullets(role, question, transcript), transcript)
        return BulletList(checked.bullets, provider=self.name, dropped=checked.dropped,
                          rejected=checked.rejected)

    def next_question(self, role: str, turns: Sequence[Turn], title: str | None = None) -> Question:
        from resumepilot.ai.interviewer import next_question

        return next_question(role, turns, title)


def _strip_marker(text: str) -> str:
    """Models like list markers and closing periods; resumes here use neither."""
    return re.sub(r"^\s*(?:[-*•·]|\d+[.)])\s*", "", text).strip().rstrip(".")


def parse_bullets(content: str | None) -> list[str]:
    """Bullet strings from a model reply; ProviderError when it is not the JSON asked for."""
    if not content or not content.strip():
        raise ProviderError("empty reply")
    body = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", body, re.S)
    if fenced:
        body = fenced.group(1)
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ProviderError(f"malformed JSON: {exc.msg}") from exc
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
        self.client = openai.OpenAI(base_url=base_url, api_key=api_key or "unused",
                                    timeout=timeout, max_retries=max_retries)
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
        return reply.choices[0].message.content

    def _ask(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> str | None:
        """Structured output first; prompted JSON when the server refuses json_schema."""
        errors = self._openai
        if self.structured_output is not False:
            try:
                content = self._chat(messages, schema)
                self.structured_output = True
                return content
            except (errors.BadRequestError, errors.UnprocessableEntityError,
                    errors.NotFoundError):
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
            reason = "no bullet passed the grounding guard"
            return self._fall_back(role, question, transcript, reason)
        return BulletList(checked.bullets, provider=self.name, dropped=checked.dropped)

    def _fall_back(self, role: str, question: str, transcript: str, reason: str) -> BulletList:
        result = self.fallback.bullets(role, question, transcript)
        return BulletList(list(result), provider=self.fallback.name, fallback=True, reason=reason,
                          dropped=result.dropped)

    def next_question(self, role: str, turns: Sequence[Turn], title: str | None = None) -> Question:
        """The built-in planner decides what to ask; the model only words it, when it can."""
        plan = self.fallback.next_question(role, turns, title)
        if plan.kind in ("done", "back", "closing"):
            return plan
        asked = {t.text.strip().lower() for t in turns if t.speaker == "interviewer"}
        last = next((t.text for t in reversed(turns) if t.speaker == "candidate"), "")
        prompt = (f"You are a friendly interviewer helping a {title or role} recall resume "
                  f"material. The candidate last said: {last!r}. Ask this next, in one short "
                  f"sentence ending with '?': {plan.text}")
        schema = {"type": "object", "properties": {"question": {"type": "string"}},
                  "required": ["question"], "additionalProperties": False}
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
        return OpenAICompatibleProvider(base_url=settings.openai_base_url,
                                        api_key=settings.openai_api_key,
                                        model=settings.openai_model)
    raise ValueError(f"unknown ai_provider {settings.ai_provider!r}: use builtin or openai")
