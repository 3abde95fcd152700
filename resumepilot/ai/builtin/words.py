"""What the engine knows about words: verb forms (lemminflect), people, metrics and their polarity.

lemminflect ships its English lexicon inside the wheel, so verb forms need no download. The word
lists here are our own and small: they name kinds of things (people, bad and good measures), not
sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas, getAllLemmasOOV, getInflection


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


AUX = word_set(
    "is was were are am be been being has had have having did does do would could "
    "will can should might may must shall"
)
PRONOUN_SUBJECTS = word_set(
    "i we he she they it this that there everyone everybody nobody "
    "people which who someone somebody"
)
DETERMINERS = word_set(
    "the a an our my their his her its this that these those one two some "
    "all most many several each every both half few no any another other"
)
PREPOSITIONS = word_set(
    "at on in for with by from to of over under within across after before "
    "during since until into onto through around about per via without "
    "between among toward towards like as behind beside"
)
CONJUNCTIONS = word_set("and but so or while whereas because although though then plus yet")
# Subjects that are other people: their deeds are not the candidate's.
PEOPLE = word_set("""
he she they him her them everyone everybody nobody people someone somebody manager managers
supervisor supervisors director directors boss bosses colleague colleagues coworker coworkers
co-worker co-workers nurse nurses doc docs doctor doctors physician physicians resident residents
tech techs technician technicians teacher teachers student students kid kids parent parents
family families mom moms dad dads patient patients customer customers client clients user users
member members leadership management executive executives ceo cfo coo cto vp vps corporate
engineering contractor contractors vendor vendors agent agents rep reps staff associate
associates auditor auditors controller committee board principal surgeon surgeons cook cooks
chef chefs volunteer volunteers pi professor advisor mentor partner partners buyer buyers
intern interns apprentice apprentices foreman crew driver drivers shopper shoppers guest guests
officer officers coordinator specialist analyst analysts designer designers developer developers
engineers engineer recruiter recruiters lead owner owners founder founders hr legal finance
procurement sponsor sponsors district county city state participants attendees readers fans
teams labs departments schools stores branches hospitals offices clinics companies firms units
""")
# Measures that are better when they go down ("a drop in a bad thing is an improvement").
BAD_MEASURES = word_set("""
failure failures error errors churn turnover attrition absence absences absenteeism no-show
no-shows noshow readmission readmissions abandonment defect defects bounce crash crashes flake
flakes incident incidents complaint complaints escalation escalations ticket tickets backlog
wait waits latency time times turnaround cost costs spend spending bill bills expense expenses
waste shrink spoilage cpu downtime fall falls infection infections injury injuries overtime delay
delays dock-to-stock lag variance cv duration misses miss violations findings write-offs
overdue returns refunds chargebacks outages pages alerts calls call bugs vulnerabilities
""")
GOOD_MEASURES = word_set("""
conversion retention revenue sales compliance pass completion accuracy csat nps satisfaction
on-time uptime throughput acceptance attendance engagement adoption reactivation open
click-through ctr margin margins profit traffic signups sign-ups coverage recall economy output
score scores yield occupancy utilization bookings pipeline deals quota savings enrollment
participation confirmed confirmations rating ratings drop-offs deliveries capacity resolution
renewal renewals reach followers views wins
""")
# "went up", "dropped": words that say a measure moved, and which way.
UP_WORDS = word_set(
    "increase increased increasing rise rose risen rising grow grew grown growing "
    "climb climbed climbing jump jumped improve improved doubled tripled "
    "quadrupled soared boost boosted gain gained"
)
DOWN_WORDS = word_set(
    "decrease decreased decreasing drop dropped dropping fall fell fallen "
    "falling decline declined shrink shrank shrunk halved reduce reduced cut "
    "lower lowered plummeted plunged"
)
# Present-tense verbs that tell what someone's job is, not what they achieved.
STATE_VERBS = word_set(
    "think know remember recall love like enjoy hate feel felt want hope wish "
    "believe guess mean suppose thought knew liked loved wanted hoped wished "
    "believed guessed meant"
)


@lru_cache(maxsize=4096)
def verb_lemma(word: str) -> str | None:
    """The base form of a verb ("ran" -> "run", "re-sequenced" -> "re-sequence"), else None."""
    w = word.lower()
    if not re.fullmatch(r"[a-z][a-z'-]*", w):
        return None
    lemmas = getAllLemmas(w)
    if "VERB" in lemmas:
        return str(lemmas["VERB"][0])
    if "AUX" in lemmas:
        return str(lemmas["AUX"][0])
    if "-" in w:
        head, _, tail = w.rpartition("-")
        base = verb_lemma(tail)
        if base is None and tail.endswith("ed") and len(tail) > 4:
            oov = getAllLemmasOOV(tail, "VERB").get("VERB")
            base = str(oov[0]) if oov else None  # "re-costed": a verb said with a prefix
        return f"{head}-{base}" if base else None
    for prefix in ("re", "co", "un", "over", "under", "out", "pre", "cross"):
        if w.startswith(prefix) and len(w) > len(prefix) + 3:
            base = verb_lemma(w[len(prefix) :])
            if base:
                return prefix + base
    return None


@lru_cache(maxsize=4096)
def inflect(lemma: str, tag: str) -> str:
    """A form of a verb: VBD past, VBG gerund, VBZ third person; handles "re-" and "co-"."""
    if "-" in lemma:
        head, _, tail = lemma.rpartition("-")
        return f"{head}-{inflect(tail, tag)}"
    for prefix in ("re", "co", "cross", "over", "under", "pre"):
        if lemma.startswith(prefix) and not getAllInflections(lemma) and len(lemma) > 5:
            base = lemma[len(prefix) :]
            if getAllInflections(base):
                return prefix + inflect(base, tag)
    forms = getInflection(lemma, tag)
    return str(forms[0]) if forms else lemma


def past(lemma: str) -> str:
    return inflect(lemma, "VBD")


def gerund(lemma: str) -> str:
    return inflect(lemma, "VBG")


@lru_cache(maxsize=4096)
def is_past_form(word: str) -> bool:
    """ "built", "reduced", "re-sequenced": a simple past (or past participle) of a verb."""
    w = word.lower()
    lemma = verb_lemma(w)
    if lemma is None:
        return False
    if lemma in ("be", "have", "do"):
        return w in ("was", "were", "had", "did", "been", "done")
    forms = getAllInflections(lemma)
    pasts = set(forms.get("VBD", ())) | set(forms.get("VBN", ()))
    if not pasts and "-" in lemma:
        return w.endswith("ed") or is_past_form(w.rpartition("-")[2])
    return w in pasts or (w.endswith("ed") and not forms)


@lru_cache(maxsize=4096)
def is_noun(word: str) -> bool:
    return "NOUN" in getAllLemmas(word.lower()) or "PROPN" in getAllLemmas(word.lower())


@lru_cache(maxsize=4096)
def is_adjective(word: str) -> bool:
    return "ADJ" in getAllLemmas(word.lower())


def is_person(noun_phrase: str) -> bool:
    """Whether a subject names people rather than a thing or a measure."""
    head_phrase = re.split(
        r"\s(?:in|at|on|from|of|for|with|who|that|per|to|among)\s", noun_phrase.lower()
    )[0]
    words = re.findall(r"[a-z][a-z-]*", head_phrase)
    if not words:
        return False
    head = words[-1]
    if re.search(r"(?:ists?|ians?|ees|aides?)$", head) and not re.search(r"lists?$", head):
        return True  # pharmacists, technicians, employees, aides
    return head in PEOPLE or (
        len(words) == 1
        and noun_phrase[:1].isupper()
        and not noun_phrase.isupper()
        and not is_noun(head)
        and verb_lemma(head) is None
    )


def polarity(measure: str) -> int:
    """+1 when more of the measure is better, -1 when less is better, 0 when unknown."""
    words = re.findall(r"[a-z][a-z-]*", measure.lower())
    text = " ".join(words)
    if re.search(
        r"\b(?:on-time|on time|pass rate|completion|success|first contact|accuracy|"
        r"satisfaction|acceptance)\b",
        text,
    ):
        return 1
    for w in reversed(words):
        if w in BAD_MEASURES or w.rstrip("s") in BAD_MEASURES:
            return -1
        if w in GOOD_MEASURES or w.rstrip("s") in GOOD_MEASURES:
            return 1
    return 0


def warm_up() -> None:
    """Load lemminflect's lexicon now (about half a second) rather than on the first answer."""
    verb_lemma("trained")
    is_past_form("trained")
