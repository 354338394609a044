"""Per-area extraction calls: few candidate passages per call, quotes checked on the way.

Each call shows the model at most ``batch_size`` passages (it copies the first
few it sees instead of choosing, so a short list is a list it reads). A
response whose quotes do not align or whose figures are not in their quotes
is re-asked once through instructor's validation retry; if it still fails,
the last answer is kept and ``verify`` drops the failing facts. An answer cut
off at the token limit, or not JSON at all, is not repeated: the batch is
split in two, so each call has less to say, and recorded as a failed batch.
A ``TokenBudget`` bounds the whole document. Endpoint failures (after the
client's own retries) end the run with the one line the ``LLM`` raises.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.config import DEFAULT_BATCH_SIZE
from extractor.core.budget import TokenBudget
from extractor.core.prompts import build_messages
from extractor.core.schema import Category
from extractor.core.select.rank import Candidate
from extractor.core.text.company import Company
from extractor.core.text.segment import Sentence
from extractor.core.verify.drafts import DraftFact
from extractor.core.verify.facts import drifted_passage
from extractor.providers.base import LLM, Answer, DraftRequest, Usage

# Passages asked about again, alone, per area, when their note's statement
# belonged to another passage (see ``drifted_passage``).
MAX_REASKS_PER_AREA = 4


@dataclass
class AreaDrafts:
    """What the model proposed for one area, with the passages it was shown."""

    area: Category
    drafts: list[DraftFact] = field(default_factory=list)
    windows: list[tuple[int, int]] = field(default_factory=list)
    ranks: list[float] = field(default_factory=list)  # selection score of the draft's batch
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    # Batches whose answer was cut off, not JSON, or failed its checks after the re-ask.
    failed_batches: list[str] = field(default_factory=list)
    by_code: list[bool] = field(default_factory=list)  # per draft: written by code
    code_notes: int = 0
    asked: int = 0  # requests made (each with its validation retry)
    unparsed: int = 0  # of those, answers that were not the JSON asked for
    cut_off: int = 0  # of those, answers cut off at the token limit

    @property
    def failed(self) -> int:
        """Answers that gave nothing to verify: cut off or not the JSON asked for."""
        return self.unparsed + self.cut_off

    @property
    def model_failed(self) -> bool:
        """Most of this area's answers were cut off or could not be parsed: the model,
        not the text, failed."""
        return self.failed * 2 > self.asked

    @property
    def proposed(self) -> int:
        """Statements the model proposed (an empty one says "nothing about this area")."""
        return sum(1 for d in self.drafts if d.statement.strip())


def _batches(candidates: list[Candidate], size: int) -> list[list[Candidate]]:
    return [candidates[i : i + size] for i in range(0, len(candidates), size)]


def _failure(answer: Answer, passages: int) -> str | None:
    """How a batch's answer failed, as recorded in the output; None if it did not."""
    if answer.kind == "cut_off":
        return f"{passages} passages: answer cut off at the token limit"
    if answer.attempts is None:
        return None
    what = f"{passages} passages: no valid answer after {answer.attempts} attempts"
    if answer.kind != "unparseable":
        return what
    return f"{what} ({answer.detail or 'not JSON'})"


def extract_area(
    llm: LLM,
    source: str,
    area: Category,
    candidates: list[Candidate],
    company: Company,
    batch_size: int = DEFAULT_BATCH_SIZE,
    budget: TokenBudget | None = None,
) -> AreaDrafts:
    """Ask about ``candidates`` in batches; a batch whose answer is cut off or not
    JSON is asked again as two halves (down to single passages), never repeated as is."""
    result = AreaDrafts(area=area)
    started = time.perf_counter()
    pending = _batches(candidates, batch_size)
    reasks = 0
    while pending:
        batch = pending.pop(0)
        if budget is not None:
            budget.check()
        windows = [(c.sentence.start, c.sentence.end) for c in batch]
        messages = build_messages(area, company.name, [c.sentence.text for c in batch])
        answer = llm.ask(DraftRequest(area, messages, source, tuple(windows)))
        result.usage.add(answer.usage)
        result.asked += 1
        result.unparsed += answer.kind == "unparseable"
        result.cut_off += answer.kind == "cut_off"
        if (failure := _failure(answer, len(batch))) is not None:
            result.failed_batches.append(failure)
        if answer.kind != "drafts" and len(batch) > 1:
            # Cut off or not JSON: fewer passages per call may fit.
            half = (len(batch) + 1) // 2
            pending[:0] = [batch[:half], batch[half:]]
            continue
        if len(batch) > 1 and reasks < MAX_REASKS_PER_AREA:
            drifted = {drifted_passage(d, source, windows, company) for d in answer.drafts}
            again = sorted(n for n in drifted if n is not None)[: MAX_REASKS_PER_AREA - reasks]
            reasks += len(again)
            pending[:0] = [[batch[n]] for n in again]
        rank = max(c.score for c in batch)
        # Passage numbers count within the call; make them index the area's windows.
        offset = len(result.windows)
        drafts = [
            d.model_copy(update={"passage": d.passage + offset})
            if d.passage is not None and 1 <= d.passage <= len(windows)
            else d.model_copy(update={"passage": None})
            for d in answer.drafts
        ]
        result.drafts.extend(drafts)
        result.windows.extend(windows)
        result.ranks.extend([rank] * len(drafts))
        result.by_code.extend([False] * len(drafts))
    result.seconds = time.perf_counter() - started
    return result


# A code note quotes its passage's opening words: enough to align exactly, short
# enough to stay a quote.
_CODE_QUOTE_CHARS = 200
# A list item said with the sentence it completes stays one readable sentence.
_LEAD_IN_WORDS = 50


_BULLET = re.compile(r"^\s*[●•▪◦■□➢►‣∙·\-–*]\s*")
_ITEM_END = re.compile(r"\s*(?:[;,]|;?\s+(?:and|or))?\s*$")


def _lead_in(sentence: Sentence, source: str, sentences: Sequence[Sentence]) -> Sentence | None:
    """The sentence a bullet item completes ("Our properties consisted of:" above "• 158
    office properties ..."), across the items before it; None if it is not a list item."""

    def item(x: Sentence) -> bool:  # the whole of a bullet line: only its glyph before it
        before = source[source.rfind("\n", 0, x.start) + 1 : x.start]
        return _BULLET.fullmatch(before) is not None or _BULLET.match(x.text) is not None

    if not item(sentence):
        return None
    for prev in reversed(sentences[: sentence.index]):
        if prev.text.rstrip().endswith(":"):
            return None if prev.is_heading else prev
        if not item(prev) or sentence.index - prev.index > 12:
            return None
    return None


def _broken_off(sentence: Sentence, source: str) -> bool:
    """A sentence the text breaks off mid-way (a page break: "... long-term debt, often"
    then, after a blank line, "referred to as ..."): said alone it would mean something else."""
    rest = source[sentence.end : sentence.end + 200].lstrip()
    return bool(rest[:1].islower()) and sentence.text.rstrip()[-1:].isalpha()


def add_code_notes(
    result: AreaDrafts,
    passages: list[Candidate],
    source: str = "",
    sentences: Sequence[Sentence] = (),
) -> None:
    """Notes written by code, not the model: each passage as its own statement, the
    company's, quoted from its opening words. They go through ``verify`` like any
    note; a passage too long or not the company's is dropped there. Their rank is 0,
    so a model's note on the same area outranks them in the paragraph. A list item
    that is no sentence alone ("158 office properties, including ...;") is said with
    the sentence it completes, given the ``source`` and its ``sentences``."""
    passages = [c for c in passages if not _broken_off(c.sentence, source)]
    offset = len(result.windows)
    for n, c in enumerate(passages, 1):
        start, text = c.sentence.start, c.sentence.text
        lead = _lead_in(c.sentence, source, sentences) if source else None
        quote = text  # the item's words: the citation is the item, whatever leads in
        if lead is not None and len(lead.text.split()) + len(text.split()) > _LEAD_IN_WORDS:
            lead = None  # too long to say whole: the item alone, as before
        if lead is not None:
            item = _ITEM_END.sub("", _BULLET.sub("", text))
            start, text = lead.start, f"{lead.text.rstrip()} {item}."
        if len(quote) > _CODE_QUOTE_CHARS:
            quote = quote[:_CODE_QUOTE_CHARS].rsplit(" ", 1)[0]
        result.drafts.append(
            DraftFact(passage=offset + n, quote=quote, statement=text, subject="company")
        )
        result.windows.append((start, c.sentence.end))
        result.ranks.append(0.0)
        result.by_code.append(True)
    result.code_notes += len(passages)
