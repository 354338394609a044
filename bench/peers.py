"""The systems the benchmark runs on one shared embedded server: this pipeline and two peers.

* ``pipeline``: :func:`extractor.pipeline.summarize` with the ``LLM`` the CLI
  uses on the embedded server (``LlamaCpp``), plus counting hooks.
* ``plain``: the original request as the user sent it (``shared/seed/``): one
  user message, the request text followed by the whole document, one chat
  completion at temperature 0, plain prose back.
* ``langextract``: Google's langextract (PyPI) through its OpenAI provider
  pointed at the same server, with a prompt and few-shot examples for the five
  focus areas; its extractions become facts with citations
  ``{start, end, quote}`` where ``quote == source[start:end]``.

Every runner takes a :class:`bench.meter.Meter` and leaves in it the calls and
tokens the server reported. Pure helpers (prompt building, conversion) are
separate functions so they can be tested without a model.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai

from bench.meter import LlamaHttp, Meter, counting_http_client, response_hooks
from extractor.core.schema import CATEGORIES, Output
from extractor.pipeline import summarize
from extractor.providers.cache import ResponseCache
from extractor.providers.llama_cpp import LOCAL_MODEL_NAME, LlamaCpp
from extractor.providers.llama_cpp.server import LocalServer

SEED_MARKER = "Use only information from the following the text:"
# The same request parameters the pipeline sends to the local server.
LOCAL_EXTRA_BODY: dict[str, Any] = {"cache_prompt": True, "seed": 7}
REQUEST_TIMEOUT_S = 1800.0

# ---------------------------------------------------------------------------- pipeline


def run_pipeline(
    server: LocalServer,
    text: str,
    name: str,
    meter: Meter,
    progress: Callable[[str], None] | None = None,
    cache_dir: Path | None = None,
) -> Output:
    """``cache_dir``: record the model's answers in the response cache ``extractor batch
    --cache-dir`` reads, so later code can be replayed on exactly these answers."""
    # Exactly the backend the CLI uses on the embedded server, plus the meter.
    backend = LlamaCpp(
        server.base_url,
        server.api_key,
        timeout=REQUEST_TIMEOUT_S,
        event_hooks=response_hooks(meter),
        cache=ResponseCache(cache_dir) if cache_dir is not None else None,
    )
    # The backend keys each cached answer to the document its request quotes.
    if progress is None:
        return summarize(text, backend, name=name)
    return summarize(text, backend, name=name, progress=progress)


# ---------------------------------------------------------------------------- plain


def build_plain_prompt(seed: str, document: str) -> str:
    """The seed request with its document replaced by ``document``.

    The seed is one user message: the request text, ending with
    :data:`SEED_MARKER`, a separator, then the document. For the seed's own
    document this returns the seed unchanged.
    """
    at = seed.find(SEED_MARKER)
    if at < 0:
        raise ValueError(f"seed request does not contain {SEED_MARKER!r}")
    head = seed[: at + len(SEED_MARKER)]
    rest = seed[len(head) :]
    separator = rest[: len(rest) - len(rest.lstrip())]
    return head + separator + document


def run_plain(http: LlamaHttp, prompt: str, meter: Meter, *, max_tokens: int) -> dict[str, Any]:
    """One completion of the request as sent; returns prose, finish reason, usage, timings."""
    body = http.chat(
        [{"role": "user", "content": prompt}],
        meter=meter,
        temperature=0.0,
        max_tokens=max_tokens,
        **LOCAL_EXTRA_BODY,
    )
    choice = body["choices"][0]
    return {
        "text": choice["message"].get("content") or "",
        "finish_reason": choice.get("finish_reason"),
        "usage": body.get("usage"),
        "timings": body.get("timings"),
    }


# ---------------------------------------------------------------------------- langextract

LX_PROMPT = (
    "Extract facts about the reporting company's business model from this 10-K "
    "'Item 1. Business' text, in five classes: revenue (sources of revenue, revenue "
    "figures and mix), customers (intended customer base, customer concentration), "
    "products (products and services), channels (distribution and sales channels), "
    "financing (debt, equity, credit lines, losses and cash needs, royalty or payment "
    "obligations). Use exact text from the document for each extraction, in order of "
    "appearance; do not paraphrase and do not overlap extractions. Extract only facts "
    "about the company itself, not about competitors, partners, market estimates or "
    "plans. Put figures and periods stated in the text into the attributes."
)

# A made-up company, so the examples leak nothing about the benchmark documents.
_LX_EXAMPLE_TEXT = (
    "Northwind Instruments, Inc. designs and sells handheld gas detectors and the "
    "Northwind Cloud monitoring subscription. In fiscal 2023, our net revenue was "
    "$182.4 million, of which 71% came from hardware sales and 29% from subscriptions. "
    "Our customers are industrial safety teams in oil and gas, utilities and mining; "
    "our largest customer, Petrova Energy, accounted for 14% of net revenue. We sell "
    "directly to large accounts and through a network of 120 independent distributors "
    "in North America and Europe. The gas detection market is expected to reach "
    "$5 billion by 2028. We funded operations with a $40.0 million revolving credit "
    "facility and incurred a net loss of $12.1 million in fiscal 2023."
)

_LX_EXAMPLE_FACTS: list[tuple[str, str, dict[str, str]]] = [
    (
        "products",
        "handheld gas detectors and the Northwind Cloud monitoring subscription",
        {"kind": "hardware and subscription software"},
    ),
    (
        "revenue",
        "In fiscal 2023, our net revenue was $182.4 million",
        {"figure": "$182.4 million", "period": "fiscal 2023"},
    ),
    (
        "revenue",
        "71% came from hardware sales and 29% from subscriptions",
        {"figure": "71%; 29%", "source": "hardware sales; subscriptions"},
    ),
    (
        "customers",
        "industrial safety teams in oil and gas, utilities and mining",
        {"segment": "industrial safety"},
    ),
    (
        "customers",
        "our largest customer, Petrova Energy, accounted for 14% of net revenue",
        {"figure": "14%", "customer": "Petrova Energy"},
    ),
    (
        "channels",
        "We sell directly to large accounts and through a network of 120 independent "
        "distributors in North America and Europe",
        {"channel": "direct sales; independent distributors"},
    ),
    (
        "financing",
        "a $40.0 million revolving credit facility",
        {"figure": "$40.0 million", "kind": "credit facility"},
    ),
    (
        "financing",
        "incurred a net loss of $12.1 million in fiscal 2023",
        {"figure": "$12.1 million", "period": "fiscal 2023", "kind": "net loss"},
    ),
]


def langextract_examples() -> list[Any]:
    import langextract as lx

    extractions = [
        lx.data.Extraction(extraction_class=cls, extraction_text=text, attributes=attrs)
        for cls, text, attrs in _LX_EXAMPLE_FACTS
    ]
    return [lx.data.ExampleData(text=_LX_EXAMPLE_TEXT, extractions=extractions)]


def run_langextract(
    server: LocalServer,
    text: str,
    meter: Meter,
    *,
    max_char_buffer: int,
    max_output_tokens: int,
) -> dict[str, Any]:
    """Run langextract over the whole text; returns its AnnotatedDocument as a dict."""
    import langextract as lx
    from langextract.data_lib import annotated_document_to_dict
    from langextract.providers.openai import OpenAILanguageModel
    from langextract.providers.schemas.openai import OpenAISchema

    examples = langextract_examples()
    model = OpenAILanguageModel(
        model_id=LOCAL_MODEL_NAME,
        api_key=server.api_key,
        base_url=server.base_url,
        temperature=0.0,
        max_workers=1,  # the server has one slot: parallel requests would only queue
        max_output_tokens=max_output_tokens,
        seed=LOCAL_EXTRA_BODY["seed"],
    )
    # What lx.extract does by default for OpenAI (use_schema_constraints=True): a JSON
    # schema derived from the examples, sent as response_format (llama.cpp turns it
    # into a grammar). Done here because we pass a pre-built model.
    model.apply_schema(OpenAISchema.from_examples(examples))
    # Swap in an SDK client with our counting, proxy-free HTTP client; the provider
    # calls only ``self._client.chat.completions.create``.
    model._client = openai.OpenAI(
        api_key=server.api_key,
        base_url=server.base_url,
        timeout=REQUEST_TIMEOUT_S,
        max_retries=1,
        http_client=counting_http_client(meter),
    )
    result = lx.extract(
        text_or_documents=text,
        prompt_description=LX_PROMPT,
        examples=examples,
        model=model,
        use_schema_constraints=False,  # already applied above
        max_char_buffer=max_char_buffer,
        extraction_passes=1,
        max_workers=1,
        batch_length=1,
        show_progress=False,
    )
    return annotated_document_to_dict(result)


def langextract_to_output(annotated: dict[str, Any], source: str, name: str) -> dict[str, Any]:
    """langextract's result in the shape the scorer reads: facts with citations.

    A citation is ``{start, end, quote}`` with ``quote = source[start:end]``
    taken from the extraction's ``char_interval``; ``extraction_text`` (what
    the model wrote) and langextract's ``alignment_status`` are kept beside
    it. Extractions without a char interval (langextract could not ground
    them) and classes outside the five focus areas are listed separately.
    """
    facts: list[dict[str, Any]] = []
    ungrounded: list[dict[str, Any]] = []
    other_classes: list[dict[str, Any]] = []
    per_category: dict[str, int] = {}
    for ex in annotated.get("extractions") or []:
        cls = str(ex.get("extraction_class") or "").strip()
        category = cls.lower()
        text = str(ex.get("extraction_text") or "")
        attributes = ex.get("attributes") or {}
        interval = ex.get("char_interval") or {}
        start, end = interval.get("start_pos"), interval.get("end_pos")
        item = {
            "category": category,
            "statement": text,
            "attributes": attributes,
            "alignment_status": ex.get("alignment_status"),
        }
        if category not in CATEGORIES:
            other_classes.append(item)
            continue
        if start is None or end is None or not (0 <= int(start) < int(end) <= len(source)):
            ungrounded.append(item)
            continue
        start, end = int(start), int(end)
        per_category[category] = per_category.get(category, 0) + 1
        facts.append(
            {
                "id": f"{category}-{per_category[category]}",
                **item,
                "citations": [{"start": start, "end": end, "quote": source[start:end]}],
            }
        )
    return {
        "system": "langextract",
        "document": {"name": name, "chars": len(source)},
        "facts": facts,
        "ungrounded": ungrounded,
        "other_classes": other_classes,
        "summary": None,
    }
