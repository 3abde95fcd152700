"""Is this piece of an entry's header a job title, an employer, a school or a degree?"""

from __future__ import annotations

import re

_TITLE_HEADS = frozenset("""
engineer developer programmer manager director analyst designer consultant specialist
coordinator assistant associate administrator officer lead head intern internship nurse
teacher tutor instructor professor lecturer researcher scientist technician technologist
representative rep agent clerk cashier server barista chef cook supervisor accountant auditor
controller architect editor writer reporter journalist producer planner recruiter advisor
adviser counselor counsellor therapist pharmacist physician paralegal attorney lawyer
electrician plumber mechanic driver operator owner founder cofounder co-founder president vp
ceo cto cfo coo cmo cio partner principal fellow volunteer mentor coach trainer buyer
merchandiser strategist marketer executive photographer artist librarian secretary
receptionist caregiver aide dietitian nutritionist hygienist midwife paramedic emt firefighter
sergeant captain lieutenant pilot attendant bartender host hostess housekeeper janitor
custodian welder carpenter machinist foreman superintendent inspector surveyor estimator
tester student apprentice trainee postdoc economist statistician epidemiologist biologist
chemist physicist mathematician geologist veterinarian dentist optometrist radiographer
sonographer phlebotomist practitioner educator generalist steward stylist translator
interpreter dispatcher underwriter banker teller broker adjuster investigator auditor
organizer organiser curator archivist musician performer actor animator illustrator
copywriter contributor maintainer owner lifeguard ambassador liaison member chair chairman
treasurer captain scrum product sales marketing support tech rn lpn cna np pa md do
""".split())
_TITLE_MODIFIERS = frozenset("""senior junior sr jr staff chief deputy assistant associate
graduate principal lead intern trainee interim acting freelance contract part-time full-time
""".split())
_EMPLOYER_WORDS = frozenset("""
inc incorporated llc llp ltd limited corp corporation company co gmbh ag sa plc group partners
labs lab laboratory laboratories studio studios agency bank hospital clinic university college
school district institute foundation association council department ministry government
center centre health healthcare systems solutions technologies technology software consulting
services media press restaurant cafe café hotel store stores shop market markets logistics
airlines airways pharma pharmaceuticals capital ventures holdings industries international
global network networks bakery kitchen brewery farm farms trust fund society academy library
museum theatre theater church council county city state federal army navy force forces
corps police authority board commission office firm llp ngo nonprofit charity enterprises
manufacturing motors energy insurance financial finance retail foods dynamics analytics
robotics electric construction builders realty properties management publishing records
""".split())
_SCHOOL_RE = re.compile(
    r"\b(?:university|universit[éeà]|universidad|universität|college|school|institute|"
    r"institut|academy|polytechnic|politecnico|conservatory|seminary|escuela|école|hochschule|"
    r"lyc[ée]e|gymnasium|campus)\b|\b(?:MIT|UCLA|NYU|ETH|EPFL|KTH|LSE|UCL|USC|CMU)\b", re.I)
DEGREE_RE = re.compile(
    r"\b(?:bachelor(?:'s)?|master(?:'s)?|doctor(?:ate)?|ph\.?\s?d\.?|d\.?phil|associate(?:'s)?|"
    r"diploma|certificate|high school|ged|a-levels?|gcses?|hnd|btec|licen[cs]e|mba|m\.?b\.?a\.?|"
    r"(?:b|m)\.?\s?(?:sc|s|a|eng|ed|fa|ba|com|tech|arch|phil|res|mus|des|n|sn|sw|pa|ph|pharm)\.?"
    r"(?=[\s,(]|$)|a\.?a\.?s?\.?(?=[\s,]|$)|ll\.?[bm]\.?|j\.?d\.?|m\.?d\.?(?=[\s,]|$)|"
    r"ed\.?d\.?|pharm\.?d\.?|d\.?n\.?p\.?|dds|bsn|msn|mph|mpa|mfa|bfa|bba|meng|beng|msc|bsc)",
    re.I)


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*", text.lower())


def title_score(text: str) -> float:
    words = words_of(text)
    if not words:
        return 0.0
    score = 2.0 * (words[-1] in _TITLE_HEADS) + sum(w in _TITLE_HEADS for w in words[:-1])
    score += 0.5 * sum(w in _TITLE_MODIFIERS for w in words)
    if re.search(r"\b(?:of|for)\b", text) and score:
        score += 0.5  # "Director of Operations"
    return score


def employer_score(text: str) -> float:
    words = words_of(text)
    score = 2.0 * sum(w.strip(".") in _EMPLOYER_WORDS for w in words)
    if re.search(r"[A-Z]{2,}|&|\.com\b", text):
        score += 0.5
    if _SCHOOL_RE.search(text):
        score += 1.0
    return score


def is_school(text: str) -> bool:
    return bool(_SCHOOL_RE.search(text)) and not DEGREE_RE.match(text.strip())


def title_first(a: str, b: str) -> bool:
    """Whether a is the title and b the employer (the other way round when False)."""
    forward = title_score(a) - employer_score(a) + employer_score(b) - title_score(b)
    return forward >= 0
