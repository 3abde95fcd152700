"""Named things in text: tools, technologies and organisations, found by shape and a word list."""

from __future__ import annotations

import re

from resumepilot.ai.builtin.words import word_set

# Tools people name in lower case too; capitalised names are found by their shape instead.
TECH_WORDS = word_set("""
python java javascript typescript go golang rust ruby php scala kotlin swift c++ c# .net sql
nosql postgres postgresql mysql sqlite mongodb redis kafka rabbitmq elasticsearch spark hadoop
airflow dbt snowflake bigquery redshift databricks tableau looker excel powerbi pandas numpy
pytorch tensorflow keras xgboost lightgbm scikit-learn sklearn react angular vue svelte node
node.js nodejs django flask fastapi rails spring laravel graphql grpc rest docker kubernetes k8s
helm terraform ansible jenkins circleci gitlab github bitbucket jira confluence asana trello
notion slack figma sketch miro salesforce hubspot zendesk intercom marketo mailchimp shopify
stripe twilio aws gcp azure lambda s3 ec2 cloudfront firebase heroku vercel netlify linux
unix bash git sap quickbooks xero netsuite oracle workday epic cerner tiktok instagram
linkedin facebook youtube google canva photoshop illustrator indesign premiere matlab stata spss
sas r scratch arduino unity unreal android ios swiftui flutter datadog grafana prometheus
sentry splunk newrelic openai llm gpt kibana okta auth0 cypress selenium playwright jest pytest
""")

_CAPITALISED = re.compile(r"(?<![\w.])(?:[A-Z][\w+#&'.-]*[\w+#]|[A-Z])(?![\w])")
_TECH_SHAPE = re.compile(
    r"(?<![\w.])(?:[a-z]+[0-9][a-z0-9]*|[a-z]+\.(?:js|io|net|ai)|c\+\+|c#)"
    r"(?![\w])",
    re.I,
)
# Capitalised words that are not names: sentence openers, the pronoun I, units.
_NOT_NAMES = {"I", "A", "An", "The", "K", "M", "B", "ms"}


def named_terms(text: str, skip_first_word: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, term) for every tool or name in text; the first word is a verb, not a name."""
    found: dict[int, tuple[int, int, str]] = {}
    first_end = 0
    if skip_first_word:
        m = re.match(r"\s*\S+", text)
        first_end = m.end() if m else 0
    for m in _CAPITALISED.finditer(text):
        if m.start() < first_end or m.group(0) in _NOT_NAMES:
            continue
        # After a sentence break a capital letter says nothing about the word.
        if re.search(r"[.!?;]\s*$", text[: m.start()]) and m.group(0).lower() not in TECH_WORDS:
            continue
        found[m.start()] = (m.start(), m.end(), m.group(0))
    for m in re.finditer(r"[\w+#.]+", text):
        w = m.group(0).strip(".")
        if m.start() >= first_end and (w.lower() in TECH_WORDS or _TECH_SHAPE.fullmatch(w)):
            found.setdefault(m.start(), (m.start(), m.start() + len(w), w))
    return sorted(found.values())


def canonical(term: str) -> str:
    """Compare names loosely: "U.S." == "US", "Node.js" == "node.js"."""
    return re.sub(r"[.'’]", "", term.lower())


def mentioned(term: str, text_lower: str) -> bool:
    """Whether a term occurs in (lower-cased) text as a whole word."""
    t = canonical(term)
    if not t:
        return True
    pattern = r"(?<![\w])" + re.escape(t) + r"(?![\w])"
    return bool(re.search(pattern, re.sub(r"[.'’](?=\w)", "", text_lower)))
