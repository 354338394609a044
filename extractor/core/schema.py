"""The output contract: what downstream databases and analysts ingest.

Versioned by ``SCHEMA_VERSION``; ``schemas/output.schema.json`` is generated
from ``Output`` (``extractor schema``) and a test fails when it is stale.
Bump the major version on any change that breaks a reader.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "4.0.0"

Category = Literal["revenue", "customers", "products", "channels", "financing"]
CATEGORIES: tuple[Category, ...] = ("revenue", "customers", "products", "channels", "financing")
Subject = Literal["company", "third_party", "market"]
MatchKindName = Literal["exact", "normalized", "fuzzy", "passage"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(_Strict):
    """A span of the input text; ``source[start:end] == quote`` is checked by code."""

    start: int = Field(ge=0, description="Character offset (Python str index) into the input text.")
    end: int = Field(gt=0, description="Exclusive end offset.")
    quote: str = Field(min_length=1, description="Exactly source[start:end].")
    match: MatchKindName = Field(
        description="How the model's quote was aligned: exact, normalized "
        "(whitespace, quotes, dashes, case) or fuzzy (bounded window); passage: the quote "
        "strayed but the note's own numbered passage supports the statement."
    )
    score: float = Field(ge=0, le=100, description="Alignment score; 100 for exact/normalized.")


class FactFields(_Strict):
    """Typed fields, each value as the source writes it and found in the cited quotes."""

    amounts: list[str] = Field(
        default_factory=list, description='Money amounts, e.g. "$69.8 million".'
    )
    percentages: list[str] = Field(default_factory=list, description='e.g. "42%".')
    periods: list[str] = Field(default_factory=list, description='e.g. "2022", "fiscal 2023".')
    segments: list[str] = Field(default_factory=list)
    customers: list[str] = Field(default_factory=list)
    products: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    financing_kinds: list[str] = Field(default_factory=list)


class Fact(_Strict):
    id: str = Field(description='Stable within one output, e.g. "revenue-1".')
    category: Category
    statement: str = Field(description="One sentence stating the fact.")
    subject: Subject = Field(
        description="Whose fact it is: the company, a third party (customer, competitor, "
        "partner) or the market. Only company facts reach the paragraph."
    )
    fields: FactFields = Field(default_factory=FactFields)
    priority: float = Field(description="Higher is kept first when the paragraph is trimmed.")
    citations: list[Citation] = Field(min_length=1)
    noted_by: Literal["model", "code"] = Field(
        default="model",
        description="model: the model wrote the statement (checked against its span); code: "
        "the statement is the cited passage itself, filed here by triage.",
    )


class NotDisclosed(_Strict):
    category: Category
    basis: Literal[
        "no_candidate_passages", "no_verified_facts", "model_failed", "no_usable_facts"
    ] = Field(
        description="no_candidate_passages: no passage of the text matched the area at all; "
        "no_verified_facts: passages matched but no fact survived verification; "
        "model_failed: most of the model's answers for the area were cut off or not the JSON "
        "asked for (the text was not judged); no_usable_facts: company facts were verified, "
        "but neither the record nor the paragraph can say any of them (off-topic, what may "
        "be, another company's, cut short)."
    )
    note: str


class Rejected(_Strict):
    """A model proposal that did not pass verification, kept for audit."""

    category: Category
    statement: str
    quote: str
    reason: str


class SummarySentence(_Strict):
    text: str
    fact_ids: list[str] = Field(
        description="Facts this sentence renders; empty only for a not-disclosed sentence."
    )
    not_disclosed: list[Category] = Field(default_factory=list)


class Summary(_Strict):
    text: str = Field(description="One continuous paragraph, no line breaks.")
    tokens: int
    tokenizer: str
    token_cap: int
    sentences: list[SummarySentence]
    dropped_fact_ids: list[str] = Field(
        description="Verified company facts left out to meet the cap."
    )


# --- The business-model record: typed slots filled by code from verified facts ---


class _Value(_Strict):
    fact_ids: list[str] = Field(
        min_length=1, description="Facts (and so citations) the value rests on."
    )


class Phrase(_Value):
    """A short phrase found (normalised for case, whitespace, quotes, dashes) in a cited span."""

    text: str


class Kind(_Value):
    """A class from a fixed, generic 10-K vocabulary, recognised in the cited spans."""

    kind: str


class Measure(_Strict):
    """A figure as the cited span writes it, with its period when the span gives one."""

    amount: str | None = Field(default=None, description='As the span writes it: "$69.8 million".')
    share: str | None = Field(default=None, description='A percentage as written: "42%".')
    period: str | None = Field(default=None, description='e.g. "2022", "fiscal 2021".')


class Company(_Strict):
    name: str = Field(description="The company's name as the text gives it.")
    short_name: str = Field(description="The name without its legal form, used in the paragraph.")
    description: Phrase | None = Field(
        default=None, description='What it is, from its self-description: "a leading provider ...".'
    )


class Segment(_Value):
    name: str
    shares: list[Measure] = Field(default_factory=list, description="Share of revenue or sales.")


class RevenueSource(_Value):
    name: str = Field(description="What the revenue comes from, as the span writes it.")
    figures: list[Measure] = Field(default_factory=list)


class Total(_Value):
    amount: str
    period: str | None = None


class Revenue(_Strict):
    totals: list[Total] = Field(default_factory=list, description="Total revenue or net sales.")
    sources: list[RevenueSource] = Field(default_factory=list, description="Mix: share or amount.")
    earned_by: list[Kind] = Field(
        default_factory=list,
        description="How revenue is earned: product sales, subscriptions, leases or rent, fees, "
        "interest, royalties, services.",
    )


class Concentration(_Value):
    who: str = Field(description='"top four customers", "Arrow Electronics, Inc." ...')
    figures: list[Measure] = Field(default_factory=list)


class Customers(_Strict):
    groups: list[Phrase] = Field(default_factory=list)
    markets: list[Phrase] = Field(default_factory=list)
    concentration: list[Concentration] = Field(default_factory=list)
    no_customer_above_10_percent: Phrase | None = Field(
        default=None, description="The text says no single customer reached 10% of revenue."
    )


class Products(_Strict):
    lines: list[Phrase] = Field(default_factory=list)
    brands: list[Phrase] = Field(default_factory=list)
    services: list[Phrase] = Field(default_factory=list)


class ChannelShare(_Value):
    channel: str
    figures: list[Measure] = Field(default_factory=list)


class Channels(_Strict):
    kinds: list[Kind] = Field(
        default_factory=list,
        description="direct sales force, distributors, resellers, carriers, stores, online ...",
    )
    geography: list[Phrase] = Field(default_factory=list)
    shares: list[ChannelShare] = Field(default_factory=list)


class Financing(_Value):
    kind: str = Field(
        description="credit facility, notes, term loan, commercial paper, deposits, equity "
        "offering, net loss, net income, dividends, share repurchases, capital expenditure ..."
    )
    figures: list[Measure] = Field(default_factory=list)


class BusinessModel(_Strict):
    """Per area, what the verified company facts say, each value traced to its facts."""

    company: Company | None = None
    segments: list[Segment] = Field(default_factory=list)
    revenue: Revenue = Field(default_factory=Revenue)
    customers: Customers = Field(default_factory=Customers)
    products: Products = Field(default_factory=Products)
    channels: Channels = Field(default_factory=Channels)
    financing: list[Financing] = Field(default_factory=list)


class AreaRun(_Strict):
    category: Category
    candidates: int = Field(description="Passages selected for this area.")
    llm_calls: int = Field(description="Model calls for this area's notes.")
    prompt_tokens: int = Field(description="Prompt tokens of those calls (server count).")
    completion_tokens: int = Field(description="Tokens the model generated for them.")
    facts: int
    seconds: float
    failed_batches: list[str] = Field(
        default_factory=list,
        description="Calls for this area whose answer was cut off at the token limit, not "
        "JSON, or still failed its checks after the re-ask (then its facts went to "
        "verification as they were); a cut-off or non-JSON batch is asked again in halves.",
    )
    unparsed_answers: int = Field(
        default=0,
        description="Requests for this area whose answer was not the JSON asked for "
        "(after the re-ask), or over the answer size cap.",
    )


class PooledPassage(_Strict):
    """One passage of the reading pool and the areas it was filed under."""

    start: int
    end: int
    areas: list[Category] = Field(
        default_factory=list, description="Areas it was filed under (noted there)."
    )
    labelled: list[Category] = Field(
        default_factory=list,
        description="Of those, the areas the model's label gave it on its own (the rest: "
        "areas whose ranking offered it and the label seconded, or a headline figure's).",
    )
    shares: dict[str, float] = Field(
        default_factory=dict,
        description="The label's calibrated shares (revenue ... financing, none), for audit.",
    )


class ReadingRun(_Strict):
    """How the text was read: the pool, what triage filed, and who wrote the notes."""

    budget: int | Literal["all"] = Field(
        description="Passages per area in the pool (--read), or every body sentence."
    )
    pool: int = Field(description="Distinct passages pooled over the five areas.")
    mode: Literal["triage", "selection"] = Field(
        description="triage: the model labelled every pooled passage; selection: the "
        "backend gave no labels, so passages were chosen by ranking alone."
    )
    triage_calls: int = 0
    triage_prompt_tokens: int = 0
    seconds: float = 0.0
    filed: int = Field(default=0, description="Pooled passages filed under at least one area.")
    model_notes: int = Field(default=0, description="Passages the model wrote a note for.")
    code_notes: int = Field(
        default=0, description="Passages noted by code: the passage itself, verified alike."
    )
    passages: list[PooledPassage] = Field(default_factory=list)


class RunInfo(_Strict):
    model: str
    backend: str = Field(description='"local" (embedded) or the provider of --model / --base-url.')
    llm_calls: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    areas: list[AreaRun] = Field(default_factory=list)
    cache_hits: int = Field(
        default=0,
        description="Model responses replayed from the response cache; not in llm_calls or tokens.",
    )
    stages: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")
    unparsed_answers: int = Field(
        default=0,
        description="Requests whose answer was not the JSON asked for; when most are, the "
        "run fails (exit 3) instead of reporting nothing verifiable.",
    )
    reading: ReadingRun | None = None


SourceKind = Literal["item1-text", "10-k-text", "10-k-html"]


class FilingInfo(_Strict):
    """Which EDGAR filing the document is, when it was fetched from EDGAR (``extractor fetch``).

    ``cik`` and ``accession_number`` join these facts to the SEC's own data
    (XBRL company facts, other filings).
    """

    company_name: str
    cik: int = Field(ge=1, description="SEC Central Index Key, as a number (no leading zeros).")
    form: str = Field(description='As filed: "10-K", "10-K405", "10-KT" or an amendment "10-K/A".')
    accession_number: str = Field(description='"0000320193-24-000123".')
    filing_date: str = Field(description="YYYY-MM-DD.")
    period_of_report: str | None = Field(
        default=None, description="YYYY-MM-DD, the end of the fiscal year reported on."
    )
    fiscal_year: int | None = Field(
        default=None, description="The fiscal year as the company names it (from the period)."
    )
    source_url: str = Field(description="The primary document on EDGAR.")
    notes: list[str] = Field(
        default_factory=list,
        description="What to know about the choice (a 10-K405, an amendment, a later amendment).",
    )


class DocumentInfo(_Strict):
    """The text citations index (``sha256``, ``chars``) and, for a whole filing, where it came from.

    For a whole 10-K the cited text is ``full[section_start:section_end]`` where
    ``full`` is the filing converted to text (``extractor locate FILING
    --text-out full.txt``) and ``filing_sha256`` identifies the filing.
    """

    name: str
    sha256: str
    chars: int
    tokens: int
    source_kind: SourceKind = Field(
        default="item1-text",
        description="item1-text: the input was the Item 1 text itself; 10-k-text / "
        "10-k-html: a whole 10-K in which Item 1 was located.",
    )
    filing_sha256: str | None = Field(
        default=None, description="sha256 of the input file as given (the whole filing)."
    )
    section_start: int | None = Field(
        default=None, ge=0, description="Start of the cited text in the converted filing text."
    )
    section_end: int | None = Field(
        default=None, ge=0, description="Exclusive end of the cited text in the converted filing."
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Doubts about the located section (too short or long, cross-reference stub, "
        "other item headings inside).",
    )
    filing: FilingInfo | None = Field(
        default=None, description="The EDGAR filing, when the input was fetched by reference."
    )


class Output(_Strict):
    schema_version: str = SCHEMA_VERSION
    document: DocumentInfo
    facts: list[Fact]
    not_disclosed: list[NotDisclosed]
    rejected: list[Rejected] = Field(default_factory=list)
    business_model: BusinessModel = Field(
        default_factory=BusinessModel,
        description="The typed business-model record the paragraph is written from.",
    )
    summary: Summary
    run: RunInfo
