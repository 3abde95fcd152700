"""Action verbs people use about their work, and their past forms by rule.

The analyzer, the posting reader and the cover-letter engine judge a bullet's lead verb with
these lists; the bullet engine itself reads verbs with lemminflect (ai/builtin/words.py).
Our own lists, kept small.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated block."""
    return frozenset(text.split())


# Irregular verbs: base -> past. Only forms that read well at the head of a resume bullet.
IRREGULAR: dict[str, str] = {
    "lead": "led",
    "build": "built",
    "run": "ran",
    "cut": "cut",
    "grow": "grew",
    "write": "wrote",
    "drive": "drove",
    "win": "won",
    "set": "set",
    "bring": "brought",
    "begin": "began",
    "choose": "chose",
    "find": "found",
    "teach": "taught",
    "sell": "sold",
    "speak": "spoke",
    "hold": "held",
    "keep": "kept",
    "meet": "met",
    "pay": "paid",
    "put": "put",
    "rebuild": "rebuilt",
    "rewrite": "rewrote",
    "take": "took",
    "spin": "spun",
    "spend": "spent",
    "split": "split",
    "oversee": "oversaw",
    "draw": "drew",
    "send": "sent",
    "shut": "shut",
    "seek": "sought",
    "stand": "stood",
    "understand": "understood",
    "beat": "beat",
    "buy": "bought",
    "forecast": "forecast",
    "dig": "dug",
    "fight": "fought",
    "give": "gave",
    "lay": "laid",
    "lend": "lent",
    "uphold": "upheld",
    "undertake": "undertook",
    "shed": "shed",
    "speed": "sped",
    "sweep": "swept",
    "strike": "struck",
    "think": "thought",
    "throw": "threw",
    "see": "saw",
    "fly": "flew",
    "freeze": "froze",
    "wind": "wound",
    "co-lead": "co-led",
    "co-write": "co-wrote",
    "redraw": "redrew",
    "outgrow": "outgrew",
    "broadcast": "broadcast",
    # Irregular verbs whose past forms are swapped for a stronger synonym below.
    "make": "made",
    "get": "got",
    "do": "did",
    "have": "had",
    "go": "went",
    "tell": "told",
    "read": "read",
    "hit": "hit",
    "come": "came",
    "become": "became",
    "overcome": "overcame",
    "hear": "heard",
    "say": "said",
    "feed": "fed",
    "rise": "rose",
    "spread": "spread",
    "break": "broke",
    "know": "knew",
    "leave": "left",
    "lose": "lost",
    "sit": "sat",
    "undergo": "underwent",
    "reset": "reset",
    "let": "let",
    "catch": "caught",
    "teach-in": "taught",
}
PAST_TO_BASE = {past: base for base, past in IRREGULAR.items()}

# Weak leads a bullet should not start with.
WEAK = {
    "helped",
    "assisted",
    "worked",
    "participated",
    "involved",
    "tasked",
    "was",
    "were",
    "did",
    "had",
    "got",
    "tried",
    "handled",
    "dealt",
    "went",
    "became",
    "started",
    "used",
    "made",
    "is",
    "are",
    "am",
    "been",
    "be",
    "do",
    "does",
    "came",
    "let",
}

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
DOUBLE_FINAL = {
    "ship",
    "stop",
    "plan",
    "drop",
    "scan",
    "map",
    "log",
    "tag",
    "chat",
    "commit",
    "step",
    "skip",
    "spot",
    "swap",
    "top",
    "wrap",
    "zip",
    "pin",
    "grab",
    "trim",
    "prep",
    "slim",
    "submit",
    "admit",
    "refer",
    "transfer",
    "control",
    "patrol",
    "equip",
    "program",
    "kidnap",
    "rub",
    "scrub",
    "plug",
    "chip",
    "cap",
    "pivot",
}
DOUBLE_FINAL.discard("pivot")


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
    return (
        w in PAST_TO_BASE
        or w in _PAST_INDEX
        or (w.endswith("ed") and len(w) > 4 and w not in NOT_VERBS_ED)
    )


# Words ending in -ed that are not verbs in the past tense.
NOT_VERBS_ED = {
    "need",
    "speed",
    "feed",
    "seed",
    "hundred",
    "red",
    "bed",
    "shed",
    "bred",
    "breed",
    "embed",
    "proceed",
    "exceed",
    "succeed",
    "indeed",
    "weed",
    "deed",
    "greed",
}
