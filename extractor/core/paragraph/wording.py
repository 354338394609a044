"""A verified statement made fit for the paragraph: third person, verb agreement, whole.

Statements copied from a filing speak as "we". Replacing the pronoun alone
makes "It sell"; the verb after it is re-inflected with lemminflect (a
morphology library, not a word list). A statement that cannot stand alone
in the paragraph is refused (None): a pronoun or "These ..." subject without
its antecedent, a connective that needs the sentence before it, a compound
subject ("We and our partners ..."), a fragment, an off-topic sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection, getLemma

from extractor.core.lexicon.words import FIRST_PERSON_WORDS, LEGAL_SUFFIX
from extractor.core.schema import Measure
from extractor.core.text.statement import balanced
from extractor.core.text.style import FIRST_PERSON, fragment
from extractor.core.text.topics import off_topic

_MODALS = frozenset(["can", "could", "may", "might", "must", "shall", "should", "will", "would"])
_IRREGULAR = {"are": "is", "were": "was", "have": "has", "do": "does", "am": "is"}
_DEPENDENT_START = re.compile(
    r"^(?:this|these|that|those|they|them|it|its|he|she|his|her|such|some of these|each of these"
    r"|however|as a result|therefore|thus|accordingly|consequently|in addition to this"
    r"|similarly|likewise|also|otherwise|instead|moreover|furthermore|for example|for instance"
    r"|finally|lastly"
    r"|here|there|both|either|neither|if|although|though|unless|while|whether|additionally"
    r"|(?:under|as part of) (?:the|this|that|such|these) (?:agreements?|contracts?"
    r"|arrangements?|plans?)"
    r"|the (?:model|system|agreement|contract|program|plan|transaction|acquisition|arrangement"
    r"|process|product|above|following|latter|former|same|new)\b)\b",
    re.I,
)
# "In 2022, we and The Coca-Cola Company represented 20% and 21% ...": a joint subject
# with another company (often a competitor) anywhere in the sentence. The company's own
# parts ("PG&E Corporation and the Utility") carry no company suffix.
_ORG = rf"(?:[A-Z][\w&.’'-]*\s+){{1,4}}(?:{LEGAL_SUFFIX}|Group)\b"
_WITH_ANOTHER = re.compile(rf"\b(?:we|it)\s+and\s+{_ORG}|{_ORG},?\s+and\s+(?:we|us)\b")
# "both transactions" points back as "these transactions" does; "both residential and
# commercial customers" does not.
_ANAPHOR = re.compile(
    r"\b(?:(?:[Ss]uch|[Tt]hese|[Tt]hose)\s+(?!as\b)[a-z]+|[Bb]oth\s+[a-z]+s(?!\s+and\b))\b"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# A clause that comments on the main one: "..., as the use of these providers suits ...".
_TRAILING_CLAUSE = re.compile(r",\s+(?:as|because|since|which|while|although|whereas)\s")


def _unresolved_anaphor(text: str) -> bool:
    """ "Such costs are recovered ...": the anaphor points outside the sentence. One in a
    trailing clause after the main clause ("It contracts with 7,000 small businesses, as
    the use of these providers ...") points back inside it."""
    m = _ANAPHOR.search(text)
    if m is None:
        return False
    trailing = _TRAILING_CLAUSE.search(text)
    return trailing is None or m.start() < trailing.start()


@lru_cache(maxsize=4096)
def _third_singular(word: str) -> str | None:
    """ "sell" -> "sells", "are" -> "is"; None if ``word`` is not a base-form verb."""
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    lemmas = getAllLemmas(low)
    if "VERB" not in lemmas and "AUX" not in lemmas:
        return None
    if getLemma(low, "VERB")[0] != low:
        return None  # past tense or already inflected: "acquired", "sells"
    inflected = getInflection(low, "VBZ")
    return inflected[0] if inflected else None


def _adverb(word: str) -> bool:
    lemmas = getAllLemmas(word.lower())
    return "ADV" in lemmas and "VERB" not in lemmas


def _agree(words: list[str], at: int) -> None:
    """Re-inflect the verb after a replaced "we" at ``at``, skipping adverbs ("currently")."""
    i = at + 1
    while i < len(words) and i <= at + 3 and _adverb(words[i]):
        i += 1
    if i >= len(words):
        return
    _inflect(words, i)
    _agree_coordinated(words, i)


def _agree_coordinated(words: list[str], i: int) -> None:
    """The verbs coordinated with the one at ``i``: "it makes, market, distribute and sell"
    -> "makes, markets, distributes and sells"; "is ... and offer" -> "and offers"."""
    if words[i].rstrip(",").lower() in _MODALS:
        return  # "must continually purchase and collect": the modal carries the person
    j = i
    # A comma list of verbs right after the first: "make, market, distribute and sell".
    while (
        words[j].endswith(",")
        and j + 1 < len(words)
        and "VERB" in getAllLemmas(words[j + 1].rstrip(",").lower())
    ):
        j += 1
        _inflect(words, j)
    for k in range(j + 1, min(len(words) - 1, i + 14)):
        if _opens_clause(words, k):
            break  # "allows customers to build and augment": the "and" is the clause's
        if words[k] in ("and", "or") and not words[k - 1].endswith((",", ";")):
            _inflect(words, k + 1)
            break


_RELATIVE = frozenset(["that", "which", "who", "whom", "whose", "where", "when", "while"])


def _opens_clause(words: list[str], k: int) -> bool:
    """A relative clause or an infinitive ("to build") starts at ``k``."""
    w = words[k].lower()
    if w in _RELATIVE:
        return True
    if w != "to" or k + 1 >= len(words):
        return False
    nxt = words[k + 1].rstrip(",.;:").lower()
    return "VERB" in getAllLemmas(nxt) and getLemma(nxt, "VERB")[0] == nxt


def _inflect(words: list[str], i: int) -> None:
    word = words[i]
    core = word.rstrip(",.;:")
    if core.lower() in _MODALS or not core.isalpha():
        return
    third = _third_singular(core)
    if third is not None:
        words[i] = third + word[len(core) :]


def _is_verb(word: str) -> bool:
    """Unambiguously a verb: "introduced", "owns"; not "stores" (also a noun)."""
    if not word or not word[0].islower():
        return False
    lemmas = getAllLemmas(word)
    if "NOUN" in lemmas:
        return word in ("is", "has", "was")
    if "ADJ" in lemmas and not word.endswith("ed"):
        return False
    return "VERB" in lemmas or "AUX" in lemmas or word in _MODALS


def _noun_compound(rest: str) -> bool:
    """ "stores average ...": a plural noun (also a verb form) followed by a base-form verb."""
    words = rest.split()
    if len(words) < 2 or not words[0].islower() or not words[0].endswith("s"):
        return False
    lemmas = getAllLemmas(words[0])
    if "NOUN" not in lemmas:
        return False
    nxt = words[1].strip(",.;:")
    if nxt in ("a", "an", "the", "its", "their", "our") or not nxt.isalpha():
        return False
    return _third_singular(nxt) is not None and nxt == getLemma(nxt, "VERB")[0]


def passive_made_active(statement: str, span: str, names: list[str]) -> bool:
    """The statement makes the company the doer of what its cited span says in the passive
    with no doer ("A 100% excise tax is imposed on ..." -> "Acme imposes a 100% excise
    tax"): the span never says who does it, so the paragraph must not."""
    subjects = "|".join(re.escape(n) for n in [*names, "We", "It", "The company", "The Company"])
    m = re.match(rf"(?:{subjects})\s+(?:also\s+)?([a-z]+)\b", " ".join(statement.split()))
    if m is None or re.search(rf"\b{FIRST_PERSON_WORDS}\b", span, re.I):
        return False
    if any(n.lower() in span.lower() for n in names if len(n) > 3):
        return False
    lemma = getLemma(m.group(1), "VERB")[0]
    if lemma in _OWN_ACTS:
        return False  # "Products are sold through distributors": filers' own acts, passive
    participles = set(getInflection(lemma, "VBN")) | {lemma + "d", lemma + "ed"}
    alt = "|".join(re.escape(p) for p in participles)
    passive = rf"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(?:{alt})\b"
    return re.search(passive, span) is not None


# What a business does to run itself; a filer often says these in the passive of itself.
_OWN_ACTS = frozenset(
    [
        "sell",
        "offer",
        "provide",
        "distribute",
        "market",
        "manufacture",
        "make",
        "produce",
        "design",
        "develop",
        "deliver",
        "fulfill",
        "fulfil",
        "ship",
        "lease",
        "license",
        "operate",
        "own",
        "serve",
        "build",
        "buy",
        "purchase",
        "acquire",
        "fund",
        "finance",
        "use",
        "hold",
        "conduct",
        "manage",
    ]
)


def name_variants(company: str, short: str) -> list[str]:
    """Ways a statement names the company as its subject, longest first."""
    out = {company, short, "The Company", "The company", "the Company"}
    head = short.split()[0] if short.split() else ""
    if head and head.lower() not in ("the", "company") and len(head) >= 3:
        out.add(head)
    if short.split() and short.split()[0] == "The":
        out.add(" ".join(short.split()[1:]))
    return sorted((v for v in out if v), key=len, reverse=True)


def third_person(statement: str, subject: str, names: list[str]) -> str | None:
    """The statement about the company in the third person, opened by ``subject``
    ("It" or the short name), or None if it cannot stand alone in the paragraph."""
    text = " ".join(statement.split())
    if not text or _DEPENDENT_START.match(text) or balanced(text) != text:
        return None  # a dependent clause, or cut inside a bracket or quote
    if re.match(r"^To\s+(?:\w+ly\s+)?[a-z]+\b", text) and not re.search(r",\s+(?:we|it)\s", text):
        return None  # "To acquire assets which ...": a purpose with no clause of its own
    if re.match(r"^We\s+and\b|^Our\s+\w+\s+and\s+we\b", text):
        return None
    if any(re.match(re.escape(n) + r",?\s+and\s", text) for n in names):
        return None  # "Acme Corp. and the Utility expect ...": a joint subject
    if _WITH_ANOTHER.search(text) or any(
        re.search(rf"\b{re.escape(n)}\s+and\s+{_ORG}", text) for n in names
    ):
        return None  # a figure shared with another company is not the company's own
    if _unresolved_anaphor(text):
        return None  # "such costs", "these rules": what they refer to is not in the paragraph
    # The company named as subject ("Sonim Technologies introduced ...", "The Company's ...").
    for name in names:
        m = re.match(re.escape(name) + r"(?P<pos>['’]s|(?<=s)['’])?(?=\s)", text)
        if not m:
            continue
        rest = text[m.end() :].lstrip()
        nxt = _WORD.match(rest)
        if m["pos"]:
            text = f"{possessive(subject)} {rest}"
        elif nxt and _is_verb(nxt[0]):
            text = f"{subject} {rest}"
            # The model's own agreement slips: "Acme is a maker ... and offer ...".
            parts = text.split(" ")
            at = len(subject.split(" "))
            if at < len(parts) and re.fullmatch(r"(?:is|has|was|\w+s),?", parts[at]):
                _agree_coordinated(parts, at)
                text = " ".join(parts)
        elif nxt and _noun_compound(rest):
            text = f"{possessive(subject)} {rest}"  # "Acme stores average ..." -> "Its stores"
        break
    text = re.sub(r"(?<=\s)the Company['’]s\b", "its", text)
    text = re.sub(r"(?<=\s)the Company\b", "it", text)
    words = text.split(" ")
    for i, w in enumerate(words):
        core = w.strip(',.;:()"“”')
        lead = w[: len(w) - len(w.lstrip(',.;:()"“”'))]
        tail = w[len(lead) + len(core) :]
        if core in ("We", "we"):
            words[i] = lead + (subject if i == 0 else "it") + tail
            _agree(words, i)
        elif core in ("Our", "our"):
            words[i] = lead + (possessive(subject) if i == 0 else "its") + tail
        elif core in ("Ours", "ours"):
            words[i] = lead + "its" + tail
        elif core == "us":
            words[i] = lead + "it" + tail
        elif core in ("Ourselves", "ourselves"):
            words[i] = lead + "itself" + tail
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    if FIRST_PERSON.search(text) or fragment(text) or off_topic(text) or not _has_verb(text):
        return None
    return text


def _has_verb(text: str) -> bool:
    """ "NetApp Subscriptions and Licensing (Keystone)." is a heading, not a sentence."""
    for w in _WORD.findall(text)[1:]:
        if w.islower():
            lemmas = getAllLemmas(w)
            if "VERB" in lemmas or "AUX" in lemmas:
                return True
    return False


def possessive(subject: str) -> str:
    if subject == "It":
        return "Its"
    return subject + ("'" if subject.endswith("s") else "'s")


def join_and(items: Sequence[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def join_figures(measures: Sequence[Measure], base: str = "") -> str:
    """ "83% of revenue in 2022 and 76% in 2021"; periods only where the span gives them."""
    values = [m.amount or m.share or "" for m in measures]
    periods = [m.period for m in measures]
    of = f" of {base}" if base else ""
    if len(set(periods)) == 1:
        return join_and(values) + of + (f" in {periods[0]}" if periods[0] else "")
    parts = [f"{v} in {p}" if p else v for v, p in zip(values, periods, strict=True)]
    if base:
        first = values[0] + of + (f" in {periods[0]}" if periods[0] else "")
        parts[0] = first
    return join_and(parts)
