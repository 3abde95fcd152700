"""Keywords of a posting: tools, certifications, skill phrases; weighted by where they appear."""

from __future__ import annotations

import re

from resumepilot.ai.postings.bullet_words import TECH_WORDS

# Skill phrases across trades: our own short list; tools come from the bullet engine's list.
SKILL_PHRASES = frozenset(
    """
project management|product management|program management|people management|stakeholder management
change management|risk management|vendor management|account management|time management
customer service|customer success|customer support|client relations|relationship management
data analysis|data analytics|data visualization|data modeling|data engineering|machine learning
financial reporting|financial analysis|financial modeling|budgeting|forecasting|accounts payable
accounts receivable|general ledger|month-end close|reconciliation|auditing|payroll|bookkeeping
patient care|patient education|triage|wound care|medication administration|infection control
electronic health records|case management|care planning|discharge planning|telemetry
lesson planning|classroom management|curriculum design|curriculum development
differentiated instruction
student assessment|special education|tutoring|mentoring|coaching|training|onboarding
public speaking|presentation skills|written communication|verbal communication|communication
negotiation|sales|business development|lead generation|cold calling|crm|account-based marketing
content marketing|email marketing|social media|seo|sem|paid search|copywriting|brand strategy
market research|user research|ux design|ui design|graphic design|typography|illustration
print production|photography|video editing|menu development|food safety|inventory management
inventory control|supply chain|logistics|procurement|purchasing|scheduling|forecasting
quality assurance|quality control|lean|six sigma|continuous improvement|process improvement
safety|osha|forklift|warehouse operations|shipping and receiving|team leadership|leadership
cross-functional collaboration|collaboration|problem solving|critical thinking|attention to detail
legal research|litigation|e-discovery|contract review|compliance|regulatory compliance|due diligence
structural design|autocad|revit|site inspection|construction management|cost estimation
software development|web development|api design|system design|distributed systems|microservices
cloud infrastructure|devops|ci/cd|testing|test automation|code review|incident response
security|networking|troubleshooting|technical support|help desk|database administration
spanish|french|german|mandarin|cantonese|japanese|korean|portuguese|italian|arabic|hindi|dutch
russian|polish|vietnamese|tagalog|american sign language|bilingual
""".replace("\n", "|").split("|")
) - {""}
_PHRASES_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(p) for p in sorted(SKILL_PHRASES, key=len, reverse=True))
    + r")(?![\w-])"
)
_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9&+/.-]{1,7}(?![\w-])")
_CAPITALISED = re.compile(
    r"(?<![\w.])[A-Z][a-z]+(?:[A-Z][a-z]+)+|(?<=[a-z,;:] )[A-Z][\w+#.-]*"
    r"(?:\s[A-Z][\w+#.-]*){0,2}"
)
_INTRO = re.compile(
    r"(?:experience (?:with|in)|knowledge of|proficiency (?:in|with)|"
    r"familiarity with|skilled in|expertise in|certified in|fluency in)\s+"
    r"([\w+#./ -]{2,40}?)(?=[,.;()]| and | or |$)",
    re.I,
)
_NOT_TERMS = frozenset(
    [
        "we",
        "you",
        "our",
        "your",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "this",
        "that",
        "is",
        "are",
        "be",
        "will",
        "us",
        "it",
        "as",
        "at",
        "by",
        "from",
        "i",
        "ii",
        "iii",
        "we're",
        "you'll",
        "we'll",
        "ability",
        "strong",
        "excellent",
        "good",
        "great",
        "minimum",
        "preferred",
        "required",
        "must",
        "nice",
        "plus",
        "bonus",
        "years",
        "year",
        "experience",
        "degree",
        "etc",
        "including",
        "about",
        "role",
        "team",
        "company",
        "job",
        "position",
        "work",
        "ideal",
        "candidate",
        "ok",
        "eg",
        "ie",
    ]
)


def terms_in(text: str) -> list[str]:
    """Distinct keywords in text, in the order they appear, as written in the posting."""
    found: dict[str, tuple[int, str]] = {}
    lower = text.lower()

    def add(pos: int, term: str) -> None:
        term = term.strip(" .,;:-/")
        key = term.lower()
        if len(key) < 2 or key in _NOT_TERMS or key.split()[0] in _NOT_TERMS:
            return
        if key not in found or pos < found[key][0]:
            found[key] = (pos, term)

    for m in _PHRASES_RE.finditer(lower):
        add(m.start(), text[m.start() : m.end()])
    for m in re.finditer(r"[\w+#./-]+", text):
        word = m.group(0).strip(".")
        if word.lower() in TECH_WORDS:
            add(m.start(), word)
    for m in _ACRONYM.finditer(text):
        if not re.fullmatch(r"[IVX]+|[A-Z]\.?|OK|US|USA|EEO|EOE", m.group(0)):
            add(m.start(), m.group(0))
    for m in _CAPITALISED.finditer(text):
        add(m.start(), m.group(0))
    # "Experience with Epic charting": the phrase counts only when nothing inside it did.
    for m in _INTRO.finditer(text):
        if not any(m.start(1) <= pos < m.end(1) for pos, _ in found.values()):
            add(m.start(1), m.group(1))
    # A phrase found whole makes its own words redundant: "Power BI" over "BI".
    keys = sorted(found, key=len, reverse=True)
    kept: list[str] = []
    for key in keys:
        if not any(re.search(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", k) for k in kept):
            kept.append(key)
    return [found[k][1] for k in sorted(kept, key=lambda k: found[k][0])]
