"""The model seam: every backend answers drafts, cut off or unparseable, counts its usage,
and raises only this package's errors. Canned answers through ``transport=``."""

from __future__ import annotations

import json

import httpx2 as httpx
import pytest

from extractor.core.budget import TokenBudget
from extractor.errors import ExtractionError, ModelUnavailableError, TokenBudgetError
from extractor.providers.base import DraftRequest
from extractor.providers.llama_cpp import LlamaCpp
from extractor.providers.openai_compatible import OpenAICompatible
from tests.providers.canned import always, completion, quoting_first_passage, status

SOURCE = "We sell rugged phones to carriers. Revenue was $5.0 million in 2022."
WINDOWS = ((0, 34), (35, len(SOURCE)))
MESSAGES = [
    {"role": "system", "content": "notes"},
    {"role": "user", "content": f"Passages:\n[1] {SOURCE[:34]}\n[2] {SOURCE[35:]}"},
]
REQUEST = DraftRequest("revenue", MESSAGES, SOURCE, WINDOWS)


def _llm(handler, seen: list | None = None) -> OpenAICompatible:
    def record(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(json.loads(request.content))
        return handler(request)

    return OpenAICompatible("http://canned.test/v1", "m", transport=httpx.MockTransport(record))


def test_a_grounded_answer_is_drafts_and_counted():
    llm = _llm(quoting_first_passage)
    answer = llm.ask(REQUEST)
    assert answer.kind == "drafts" and answer.attempts is None
    assert answer.drafts[0].quote == "We sell rugged phones to carriers."
    assert (answer.usage.calls, answer.usage.prompt_tokens, answer.usage.completion_tokens) == (
        1,
        50,
        20,
    )
    assert llm.usage.total == 70


def test_cut_off_and_not_json_are_answers_not_errors():
    assert _llm(always('{"facts": [{"quote": "We sell', "length")).ask(REQUEST).kind == "cut_off"
    answer = _llm(always("Sure! Here you go.")).ask(REQUEST)
    # The validation retry asked once more; both completions count.
    assert (answer.kind, answer.attempts, answer.usage.calls) == ("unparseable", 2, 2)


def test_ungrounded_json_is_kept_for_verify_after_the_reask():
    note = {
        "quote": "words found nowhere",
        "statement": "Revenue was $9 million.",
        "subject": "company",
    }
    answer = _llm(always(json.dumps({"facts": [note]}))).ask(REQUEST)
    assert (answer.kind, answer.attempts) == ("drafts", 2)
    assert answer.drafts[0].quote == "words found nowhere"


@pytest.mark.parametrize(
    ("code", "error", "needle"),
    [
        (401, ModelUnavailableError, "refused the API key"),
        (403, ModelUnavailableError, "refused the API key"),
        (400, ExtractionError, "rejected the request"),
        (404, ExtractionError, "rejected the request"),
    ],
)
def test_endpoint_errors_become_one_line_project_errors(code, error, needle):
    seen: list = []
    with pytest.raises(error, match=needle) as info:
        _llm(status(code), seen).ask(REQUEST)
    assert "\n" not in str(info.value)
    assert len(seen) == 1  # not retried


def test_a_fork_counts_its_own_usage_so_a_budget_on_it_trips():
    parent = _llm(quoting_first_passage)
    child = parent.fork()
    budget = TokenBudget.starting_now(100, lambda: child.usage.total)
    child.ask(REQUEST)
    child.ask(REQUEST)
    assert (parent.usage.calls, child.usage.calls) == (0, 2)
    with pytest.raises(TokenBudgetError):
        budget.check()


def test_llama_cpp_sends_the_grammar_alone_with_its_parameters():
    seen: list = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return quoting_first_passage(request)

    llm = LlamaCpp("http://canned.test/v1", "key", transport=httpx.MockTransport(record))
    assert llm.ask(REQUEST).kind == "drafts"
    body = seen[0]
    assert body["model"] == llm.model and llm.label == "local"
    assert (body["cache_prompt"], body["seed"], body["max_tokens"], body["temperature"]) == (
        True,
        7,
        900,
        0.0,
    )
    assert "response_format" not in body
    # One note per passage shown.
    assert "note2 ::=" in body["grammar"] and "note3" not in body["grammar"]


def test_a_replayed_response_is_a_cache_hit_not_a_call():
    def replay(request: httpx.Request) -> httpx.Response:
        note = {
            "quote": "We sell rugged phones",
            "statement": "It sells phones.",
            "subject": "company",
        }
        body = completion(json.dumps({"facts": [note]}))
        return httpx.Response(200, json={**body, "x_extractor_cache_hit": True})

    answer = _llm(replay).ask(REQUEST)
    assert (answer.usage.calls, answer.usage.cache_hits, answer.usage.total) == (0, 1, 0)


def test_an_empty_choices_list_is_named_not_an_index_error():
    # instructor reads choices[0]; the user must learn what the endpoint did wrong.
    empty = {**completion("{}"), "choices": []}
    llm = _llm(lambda request: httpx.Response(200, json=empty))
    with pytest.raises(ModelUnavailableError, match="empty 'choices' list") as info:
        llm.ask(REQUEST)
    assert "index out of range" not in str(info.value)


@pytest.mark.parametrize("reported", [-500, "many", None, 0])
def test_a_prompt_reported_as_nothing_still_counts_its_floor(reported):
    # A server reporting a negative, non-numeric or zero prompt count must not make
    # prompts free under --token-budget: the prompt's text sets a floor, as for answers.
    note = {"quote": "We sell rugged phones to carriers.", "statement": "x", "subject": "company"}

    def handler(request: httpx.Request) -> httpx.Response:
        body = completion(json.dumps({"facts": [note]}))
        body["usage"]["prompt_tokens"] = reported
        return httpx.Response(200, json=body)

    answer = _llm(handler).ask(REQUEST)
    floor = sum(len(m["content"]) for m in MESSAGES) // 8
    assert floor > 0 and answer.usage.prompt_tokens == floor
    # An honest count above the floor is kept as reported.
    assert _llm(quoting_first_passage).ask(REQUEST).usage.prompt_tokens == 50
