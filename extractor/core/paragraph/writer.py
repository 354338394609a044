"""The sentences of a paragraph before their subjects are chosen.

``Writer.add`` keeps a sentence only if it is whole (not a fragment) and does not nearly
repeat one already written; the planner (``plan``), the record's sentences
(``record_sentences``) and the identity sentence (``identity``) all write through it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from extractor.core.schema import Category
from extractor.core.text.figures import visible
from extractor.core.text.style import fragment, near_duplicate

__all__ = ["KEEP_ALWAYS", "Spec", "Writer", "one_line"]

# The priority of a sentence the token cap never drops (who the company is); every other
# sentence ranks below it, from its area's weight (``AreaSpec.weight``).
KEEP_ALWAYS = 2.0


def one_line(text: str) -> str:
    # Zero-width characters a cited span carries never reach a sentence.
    return " ".join(visible(text).split())


@dataclass
class Spec:
    """A sentence before its subject is chosen: ``make(subject)`` writes it."""

    area: Category
    make: Callable[[str], str | None]
    fact_ids: tuple[str, ...]
    priority: float
    company_subject: bool
    draft: str = ""  # written with the name, for comparisons before the final pass
    short_draft: str = ""  # written with "It"
    from_record: bool = True
    # Said first: 1 who the company is and what it does, 2 its segments; 0 not.
    identity: int = 0


@dataclass
class Writer:
    module: object
    short: str = "It"
    specs: list[Spec] = field(default_factory=list)

    def add(
        self,
        area: Category,
        make: Callable[[str], str | None],
        fact_ids: Sequence[str],
        priority: float,
        company_subject: bool,
        from_record: bool = True,
        identity: int = 0,
    ) -> bool:
        draft, pronoun = make(self.short), make("It")
        if not draft or not pronoun or self.repeats(one_line(draft), one_line(pronoun)):
            return False
        if not fact_ids or fragment(draft):
            return False
        self.specs.append(
            Spec(
                area,
                make,
                tuple(dict.fromkeys(fact_ids)),
                priority,
                company_subject,
                one_line(draft),
                one_line(pronoun),
                from_record,
                identity,
            )
        )
        return True

    def repeats(self, *drafts: str) -> Spec | None:
        """The sentence already written that this one nearly repeats, with either subject."""
        for s in self.specs:
            if any(near_duplicate(a, b) for a in drafts for b in (s.draft, s.short_draft)):
                return s
        return None

    def macro(
        self,
        area: Category,
        name: str,
        *args: object,
        fact_ids: Sequence[str],
        priority: float,
        identity: int = 0,
    ) -> None:
        """A record sentence with the company as subject."""
        fn = getattr(self.module, name)
        make = lambda subject: str(fn(subject, *args))  # noqa: E731
        self.add(area, make, fact_ids, priority, True, identity=identity)

    def plain(
        self, area: Category, name: str, *args: object, fact_ids: Sequence[str], priority: float
    ) -> None:
        fn = getattr(self.module, name)
        self.add(area, lambda _subject: str(fn(*args)), fact_ids, priority, False)
