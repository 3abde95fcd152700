"""Letters from any OpenAI-compatible server through the official SDK.

The model is given the facts (numbered), the covered requirements only and the tone; it
answers JSON (json_schema) of paragraphs of sentences, each naming the fact it uses. Its
sentences then pass the same checks as the built-in writer's; a timeout, an HTTP error, bad
JSON or too little surviving the checks falls back to the built-in writer.
"""

from __future__ import annotations

import re
from typing import Any

from resumepilot.ai.letters.compose import CLAIMS_BY_LENGTH, Plan
from resumepilot.ai.letters.engine import LetterProviderError
from resumepilot.ai.letters.material import Fact, Material
from resumepilot.ai.postings import Posting
from resumepilot.ai.replies import MalformedReply, json_reply

LETTER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "paragraphs": {
            "type": "array",
            "minItems": 2,
            "maxItems": 5,
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 6,
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "fact": {"type": ["string", "null"]},
                    },
                    "required": ["text", "fact"],
                    "additionalProperties": False,
                },
            },
        }
    },
    "required": ["paragraphs"],
    "additionalProperties": False,
}
SYSTEM_PROMPT = (
    "You write cover letters. Use only the numbered facts about the candidate: never add a "
    "number, employer, job title, date or skill that is not in them. Each sentence that says "
    'something about the candidate names the one fact it uses (e.g. "F2"); other sentences '
    "(opening, thanks) use null. Address only the requirements listed, most important first. "
    "Do not mention any other requirement. No greeting line and no signature: paragraphs only."
)
JSON_INSTRUCTION = (
    'Reply with only a JSON object: {"paragraphs": [[{"text": "...", '
    '"fact": "F1" or null}, ...], ...]}.'
)


def _prompt(material: Material, posting: Posting, plan: Plan, tone: str, length: str) -> str:
    facts = "\n".join(
        f"F{i + 1}: {f.text}" + (f" (at {f.company})" if f.company else "")
        for i, f in enumerate(material.facts)
    )
    wanted = "\n".join(
        f"- {'must' if ev.requirement.must else 'nice'}: {ev.requirement.text}"
        for ev in plan.covered
    )
    return (
        f"Job: {posting.title or 'the role'}"
        + (f" at {posting.company}" if posting.company else "")
        + f"\nTone: {tone}. Length: {length} (about {CLAIMS_BY_LENGTH[length]} facts)."
        + f"\nRequirements to address:\n{wanted or '- (none matched: keep it general)'}"
        + f"\nCandidate: {material.name or 'the candidate'}"
        + (f", {material.label}" if material.label else "")
        + f"\nFacts:\n{facts}"
    )


def parse_letter(content: str | None, facts: list[Fact]) -> list[list[tuple[str, Fact | None]]]:
    try:
        data = json_reply(content)
    except MalformedReply as exc:
        raise LetterProviderError(str(exc)) from None
    raw = data.get("paragraphs") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise LetterProviderError("malformed JSON: no paragraphs")
    out: list[list[tuple[str, Fact | None]]] = []
    for paragraph in raw[:6]:
        sentences: list[tuple[str, Fact | None]] = []
        items = paragraph if isinstance(paragraph, list) else [paragraph]
        for item in items[:8]:
            text = item.get("text") if isinstance(item, dict) else item
            ref = item.get("fact") if isinstance(item, dict) else None
            if not isinstance(text, str) or not text.strip():
                continue
            fact = None
            m = re.fullmatch(r"\s*F?(\d{1,3})\s*", str(ref)) if ref is not None else None
            if m and 1 <= int(m.group(1)) <= len(facts):
                fact = facts[int(m.group(1)) - 1]
            # A model may pack several sentences into one item; each is checked on its own.
            for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip()):
                sentences.append((piece[:600], fact))
        if sentences:
            out.append(sentences)
    if not out:
        raise LetterProviderError("malformed JSON: paragraphs are empty")
    return out


class OpenAILetterWriter:
    """Words the plan through an OpenAI-compatible chat endpoint."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str,
        timeout: float = 20.0,
        max_retries: int = 0,
    ) -> None:
        import openai

        self._openai = openai
        self.client = openai.OpenAI(
            base_url=base_url, api_key=api_key or "unused", timeout=timeout, max_retries=max_retries
        )
        self.model = model
        self.structured_output: bool | None = None

    def _chat(self, messages: list[dict[str, str]], structured: bool) -> str | None:
        kwargs: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": 0.3}
        if structured:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "cover_letter", "schema": LETTER_SCHEMA, "strict": True},
            }
        reply = self.client.chat.completions.create(**kwargs)
        if not reply.choices:
            raise LetterProviderError("reply has no choices")
        content: str | None = reply.choices[0].message.content
        return content

    def _ask(self, prompt: str) -> str | None:
        errors = self._openai
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": prompt},
        ]
        if self.structured_output is not False:
            try:
                content = self._chat(messages, True)
                self.structured_output = True
                return content
            except (errors.BadRequestError, errors.UnprocessableEntityError, errors.NotFoundError):
                if self.structured_output:
                    raise
                self.structured_output = False
        messages[-1] = {"role": "user", "content": prompt + "\n\n" + JSON_INSTRUCTION}
        return self._chat(messages, False)

    def write(
        self, material: Material, posting: Posting, plan: Plan, tone: str, length: str
    ) -> list[list[tuple[str, Fact | None]]]:
        errors = self._openai
        try:
            content = self._ask(_prompt(material, posting, plan, tone, length))
        except errors.APITimeoutError:
            raise LetterProviderError("timeout") from None
        except errors.APIStatusError as exc:
            raise LetterProviderError(f"HTTP {exc.status_code}") from None
        except errors.OpenAIError as exc:
            raise LetterProviderError(type(exc).__name__) from None
        return parse_letter(content, material.facts)
