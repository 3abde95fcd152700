"""Word lists of the built-in engine: verb forms, weak verbs, fillers. Our own, kept small."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated block."""
    return frozenset(text.split())

# Irregular verbs: base -> past. Only forms that read well at the head of a resume bullet.
IRREGULAR: dict[str, str] = {
    "lead": "led", "build": "built", "run": "ran", "cut": "cut", "grow": "grew", "write": "wrote",
    "drive": "drove", "win": "won", "set": "set", "bring": "brought", "begin": "began",
    "choose": "chose", "find": "found", "teach": "taught", "sell": "sold", "speak": "spoke",
    "hold": "held", "keep": "kept", "meet": "met", "pay": "paid", "put": "put",
    "rebuild": "rebuilt", "rewrite": "rewrote", "take": "took", "spin": "spun", "spend": "spent",
    "split": "split", "oversee": "oversaw", "draw": "drew", "send": "sent", "shut": "shut",
    "seek": "sought", "stand": "stood", "understand": "understood", "beat": "beat",
    "buy": "bought", "forecast": "forecast", "dig": "dug", "fight": "fought", "give": "gave",
    "lay": "laid", "lend": "lent", "uphold": "upheld", "undertake": "undertook", "shed": "shed",
    "speed": "sped", "sweep": "swept", "strike": "struck", "think": "thought", "throw": "threw",
    "see": "saw", "fly": "flew", "freeze": "froze", "wind": "wound", "co-lead": "co-led",
    "co-write": "co-wrote", "redraw": "redrew", "outgrow": "outgrew", "broadcast": "broadcast",
    # Irregular verbs whose past forms are swapped for a stronger synonym below.
    "make": "made", "get": "got", "do": "did", "have": "had", "go": "went", "tell": "told",
    "read": "read", "hit": "hit", "come": "came", "become": "became", "overcome": "overcame",
    "hear": "heard", "say": "said", "feed": "fed", "rise": "rose", "spread": "spread",
    "break": "broke", "know": "knew", "leave": "left", "lose": "lost", "sit": "sat",
    "undergo": "underwent", "reset": "reset", "let": "let", "catch": "caught", "teach-in": "taught",
}
PAST_TO_BASE = {past: base for base, past in IRREGULAR.items()}

# Past forms that are weak or read oddly as the first word of a bullet -> a plain replacement.
SWAP_PAST: dict[str, str] = {
    "told": "advised", "read": "reviewed", "hit": "reached", "came": "arrived",
    "overcame": "tackled", "heard": "gathered", "said": "stated", "fed": "supplied",
    "rose": "advanced", "spread": "expanded", "knew": "applied", "underwent": "completed",
    "reset": "restored", "caught": "detected", "sat": "served", "lost": "cut", "left": "departed",
    "assisted": "supported", "participated": "contributed", "handled": "managed",
    "dealt": "resolved", "tasked": "delivered", "involved": "contributed", "tried": "tested",
    "let": "allowed",
}

# Weak leads a bullet must never start with (rewritten in rewrite.py by what follows them).
WEAK = {"helped", "assisted", "worked", "participated", "involved", "tasked", "was", "were",
        "did", "had", "got", "tried", "handled", "dealt", "went", "became", "started", "used",
        "made", "is", "are", "am", "been", "be", "do", "does", "came", "let"}

# Regular verbs people use about their work (base forms). Past forms are derived by rule.
REGULAR = word_set("""
accelerate achieve acquire adapt add address adjust administer adopt advise advocate align
allocate analyse analyze answer anticipate apply appoint approve architect arrange assemble
assess assign audit augment author authorize automate balance benchmark boost brainstorm brief
budget calculate calibrate call campaign capture care champion change chart check clarify
clean close coach code collaborate collect combine communicate compile complete compose compute
conceive conduct configure consolidate construct consult contact contribute control convert
coordinate correct counsel create cultivate curate customize debug decide decrease dedicate
define delegate deliver demonstrate deploy design detect determine develop devise diagnose
digitize direct discover dispatch document double draft earn edit educate eliminate empower
enable encourage engage engineer enhance enroll ensure establish estimate evaluate examine
execute expand expedite experiment explain explore extend extract facilitate fix fill finalize
finish forge form formalize formulate foster gather generate guide halve harden help hire host
identify illustrate implement improve increase influence initiate innovate inspect install
instrument integrate interview introduce invent investigate join justify label launch learn
leverage license lift list load localize locate log lower maintain manage map market master
maximize measure mentor merge migrate minimize mobilize model moderate modernize monitor motivate
move navigate negotiate nurture observe obtain onboard open operate optimize orchestrate order
organize outline overhaul own package partner patch perform pilot pioneer pitch place plan
play point prepare present preserve prevent price prioritize process procure produce program
promote propose prototype prove provide publish purchase raise rank reach realize rebrand
receive recommend reconcile record recruit redesign reduce refactor refine reform register
release remove renovate reorganize repair replace report represent research resolve respond
restore restructure retain return revamp review revise rework roll rollout save scale schedule
score screen script secure segment select serve service ship shorten showcase simplify solve
source sponsor stabilize standardize start steer streamline strengthen structure study submit
succeed suggest summarize supervise supply support survey sustain switch synthesize systematize
tackle tailor target test track train transform transition translate treat triage triple
troubleshoot tune unify update upgrade use validate verify visualize volunteer wire work
handle field cover sign recover request answer free
""")

# Final consonant doubled before -ed/-ing.
DOUBLE_FINAL = {"ship", "stop", "plan", "drop", "scan", "map", "log", "tag", "chat", "commit",
                "step", "skip", "spot", "swap", "top", "wrap", "zip", "pin", "grab", "trim",
                "prep", "slim", "submit", "admit", "refer", "transfer", "control", "patrol",
                "equip", "program", "kidnap", "rub", "scrub", "plug", "chip", "cap", "pivot"}
DOUBLE_FINAL.discard("pivot")

# Result verbs: a metric moved. Used for clauses whose subject is the metric itself.
UP_VERBS = {"increased", "rose", "grew", "jumped", "climbed", "improved", "went up", "shot up",
            "spiked", "doubled", "tripled", "quadrupled", "soared", "went way up", "got better",
            "picked up", "ticked up", "was up", "were up", "moved up"}
DOWN_VERBS = {"decreased", "dropped", "fell", "declined", "shrank", "went down", "came down",
              "was reduced", "were reduced", "got cut", "was cut", "was down", "were down",
              "halved", "got reduced", "went way down", "plummeted", "ticked down", "moved down"}
FLAT_VERBS = {"went", "changed", "moved", "got", "came", "was", "were"}

# Spoken fillers and hedges removed before anything else. Order matters: longer first.
FILLER_PATTERNS = [
    r"\byou know what i mean\b", r"\bif that makes sense\b",
    r"\bif i remember (?:correctly|right)\b",
    r"\bif i recall(?: correctly)?\b", r"\bto be (?:honest|fair)\b", r"\bat the end of the day\b",
    r"\blong story short\b", r"\blet me think\b", r"\blet's see\b", r"\bstuff like that\b",
    r"\bthings like that\b", r"\band stuff\b", r"\band everything\b",
    r"\bor something(?: like that)?\b",
    r"\bor whatever\b", r"\byou know\b", r"\bkind of\b", r"\bsort of\b", r"\bkinda\b", r"\bsorta\b",
    r"\bi mean\b", r"\bi think\b", r"\bi guess\b", r"\bi believe\b", r"\bi suppose\b",
    r"\bi'd say\b", r"\bpretty much\b", r"\bbasically\b", r"\bliterally\b", r"\bhonestly\b",
    r"\bobviously\b", r"\bessentially\b", r"\byou see\b", r"\bso yeah\b", r"\byeah\b",
    r"\bokay\b", r"\bok\b", r"\bhmm+\b", r"\bi want to say\b", r"\bi'm guessing\b",
    r"\bi would say\b", r"\bif anything\b", r"\bmore or less\b", r"\bgive or take\b",
    r"\bfor what it's worth\b", r"\bi feel like\b", r"\bin a way\b", r"\bto some extent\b",
    r"\ba little bit of\b", r"\ba bunch of\b",
    # Hesitations in lower or title case only: "ER" and "UH" are a ward and a university.
    r"\b(?-i:[Uu]m+|[Uu]h+|[Uu]hm|[Ee]rm?|[Aa]h+)\b",
    r"\boh\b(?=\s*,)", r"\bmm+\b", r"\bright\?", r"\bi'm not sure\b",
]
# A filler set off by commas takes its commas with it: "my manager, you know, asked".
FILLER_RE = re.compile(r"(?:,\s*)?(?:" + "|".join(FILLER_PATTERNS) + r")(?:\s*,)?", re.I)
# "like" is a filler before a figure, after a comma, or after "was/and/with"; a verb elsewhere.
LIKE_RE = re.compile(
    r"(?P<pre>^|,|\b(?:was|were|is|and|with|about|for|it's|just|but|so|had|then)\b)\s*\blike\b"
    r"\s*,?|\blike\b(?=\s*,)|\blike\b(?=\s+(?:~?[$€£]?\d|about|around|a\s+(?:hundred|thousand)|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety)\b))",
    re.I)
# Adverbs that only pad a spoken sentence.
PADDING_RE = re.compile(
    r"\b(?:just|really|actually|totally|super|very|quite|pretty|definitely|certainly|"
    r"absolutely|simply|eventually|personally|also|then|mostly|maybe|probably|perhaps|possibly|"
    r"supposedly|apparently|somewhat|fairly)\b\s*", re.I)
# Hedges the speaker sets off with commas: "it saved, I don't know, 60 hours", "is, what, $2K".
COMMA_HEDGE_RE = re.compile(
    r",\s*(?:i don't know|i dunno|i don't remember|i'm not sure|what|roughly|give or take|"
    r"if i had to guess|ballpark|i'd guess|at least i think)\s*,", re.I)

# Clauses that say nothing a resume could use.
EMPTY_CLAUSE_RE = re.compile(
    r"^(?:i|we)\s+(?:don't|do not|can't|cannot|couldn't)\s+(?:remember|recall|know)\b|"
    r"^(?:i'm|i am)\s+not\s+sure\b|^(?:it|that|this)\s+(?:was|is)\s+(?:a\s+)?(?:\w+\s+)?"
    r"(?:annoying|hard|fun|great|cool|crazy|interesting|tough|painful|stressful|nice|awesome|"
    r"challenging|difficult|exciting|rough|messy|wild|intense|amazing|good|bad|huge|terrible|"
    r"awful|insane|big|fine|significant|noticeable|substantial|meaningful|decent|a lot|a mess|"
    r"not great|not bad|a team effort|a group effort)\b[\w\s]{0,20}$|"
    r"^(?:i|we)\s+(?:don't|do not|can't|cannot|couldn't|didn't|never)\s+(?:\w+\s+)?(?:measure|"
    r"track|check|know|get|have)\w*\s+(?:the\s+)?(?:exact|exactly|precise|how much|how many|"
    r"numbers?|data|figures?)\b|^(?:not|no idea)\s+(?:sure\s+)?(?:exactly\s+)?(?:how much|by how "
    r"much|how many|how long)\b|^(?:which|that) (?:was|is) (?:\w+ )?(?:huge|great|"
    r"terrible|awful|cool|nice|big|amazing|crazy|insane|wild)\b[\w\s&]{0,40}$|"
    r"^that's (?:about )?it$|^(?:and )?that's (?:the story|what happened)$",
    re.I)


def past_tense(base: str) -> str:
    """Past tense of a base verb by our irregular list or by spelling rules."""
    base = base.lower()
    if base in IRREGULAR:
        return IRREGULAR[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 2 and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    if base in DOUBLE_FINAL:
        return base + base[-1] + "ed"
    return base + "ed"


def ing_form(base: str) -> str:
    """Present participle, for joining a second action: "halving call volume"."""
    base = base.lower()
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    if base in DOUBLE_FINAL or base in {"cut", "run", "win", "set", "put", "split", "dig", "spin",
                                        "begin", "shut", "hit", "get", "let"}:
        return base + base[-1] + "ing"
    return base + "ing"


_PAST_INDEX = {past_tense(b): b for b in REGULAR}


def base_of(word: str) -> str | None:
    """Base form of a past-tense or base verb we know, else None."""
    w = word.lower()
    if w in PAST_TO_BASE:
        return PAST_TO_BASE[w]
    if w in _PAST_INDEX:
        return _PAST_INDEX[w]
    if w in REGULAR or w in IRREGULAR:
        return w
    return None


def is_past(word: str) -> bool:
    """Looks like a simple past verb: known irregular, or a regular "-ed" form."""
    w = word.lower()
    return w in PAST_TO_BASE or w in _PAST_INDEX or (
        w.endswith("ed") and len(w) > 4 and w not in NOT_VERBS_ED
    )


# Words ending in -ed that are not verbs in the past tense.
NOT_VERBS_ED = {"need", "speed", "feed", "seed", "hundred", "red", "bed", "shed", "bred", "breed",
                "embed", "proceed", "exceed", "succeed", "indeed", "weed", "deed", "greed"}
