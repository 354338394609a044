"""Reading: the pool triaged, calibrated per document and filed per area."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.core.select.rank import Pooled
from extractor.core.select.triage import Verdict
from extractor.core.text.segment import Sentence
from extractor.providers.base import TriageAnswer, TriageRequest, Usage
from extractor.reading import Reading, calibrated, file_passages, read_pool


def _pooled(i: int, offered=("products",), always=()) -> Pooled:
    s = Sentence(i, i * 100, i * 100 + 50, f"sentence {i}", "")
    scores = dict.fromkeys(("revenue", "customers", "products", "channels", "financing"), 1.0)
    return Pooled(s, tuple(offered), scores, frozenset(always))


def _verdict(**shares: float) -> Verdict:
    full = dict.fromkeys(("revenue", "customers", "products", "channels", "financing", "none"), 0.0)
    full.update(shares)
    total = sum(full.values())
    return Verdict({k: v / total for k, v in full.items()})


def test_calibration_removes_a_label_the_model_leans_to_whatever_it_reads():
    # Every passage leans to revenue; the one that leans less is the one it informs less.
    verdicts = [_verdict(revenue=0.8, channels=0.2), _verdict(revenue=0.5, channels=0.5)]
    after = calibrated(verdicts)
    assert after[1].share("channels") > after[0].share("channels")
    assert after[1].share("channels") > after[1].share("revenue")


def test_filing_uses_labels_the_ranking_seconded_by_the_label_and_headline_figures():
    pool = [
        _pooled(0, offered=("products",)),
        _pooled(1, offered=("customers",), always=("revenue",)),
        _pooled(2, offered=("products",)),
    ]
    reading = Reading(
        pool,
        [
            _verdict(channels=0.9, products=0.1),
            _verdict(none=1.0),
            _verdict(products=0.5, channels=0.5),
        ],
    )
    filed = file_passages(reading, notes_per_area=1, share=0.3)
    channels = filed["channels"]
    assert [c.sentence.index for c in channels.model + channels.code] == [0, 2]
    assert len(channels.model) == 1 and len(channels.code) == 1
    assert [c.sentence.index for c in filed["revenue"].model] == [1]  # a headline figure
    # Its ranking offered it to customers, but the model saw nothing of customers in it.
    assert filed["customers"].model == filed["customers"].code == []
    assert 0 in [c.sentence.index for c in filed["products"].model + filed["products"].code]


@dataclass
class _Labeller:
    """A backend whose triage answers are given; ``ask`` is never reached here."""

    answers: list[dict[str, float]]
    asked: list[TriageRequest] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)

    def triage(self, request: TriageRequest) -> TriageAnswer:
        self.asked.append(request)
        return TriageAnswer(self.answers[len(self.asked) - 1], Usage(calls=1))


def test_a_backend_without_labels_is_asked_once_then_selection_decides():
    llm = _Labeller([{"{": 1.0}] * 3)
    reading = read_pool(llm, "text", [_pooled(i) for i in range(3)], "Acme Inc.")
    assert len(llm.asked) == 1 and not reading.labelled


def test_a_labelling_backend_reads_every_pooled_passage_with_the_document_as_key():
    llm = _Labeller([{"products": 1.0}, {"{": 1.0}, {"channels": 1.0}])
    reading = read_pool(llm, "the source", [_pooled(i) for i in range(3)], "Acme Inc.")
    assert len(llm.asked) == 3 and reading.labelled
    assert {r.source for r in llm.asked} == {"the source"}
    assert [v.usable for v in reading.verdicts] == [True, False, True]
    assert reading.usage.calls == 3
