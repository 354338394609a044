"""The business-model record: every value found in its cited span, with its facts."""

from __future__ import annotations

from extractor.core.record.build import build_business_model, short_name
from extractor.core.schema import Citation, Fact
from extractor.core.text.align import normalize

_at = iter(range(0, 10**9, 1000))


def fact(
    id_: str,
    category: str,
    span: str,
    statement: str = "",
    subject: str = "company",
    start: int | None = None,
) -> Fact:
    start = next(_at) if start is None else start
    return Fact(
        id=id_,
        category=category,
        statement=statement or span,
        subject=subject,
        priority=0.5,
        citations=[
            Citation(start=start, end=start + len(span), quote=span, match="exact", score=100)
        ],
    )


SONIM = [
    fact(
        "products-1",
        "products",
        "Sonim Technologies, Inc. is a leading provider of rugged "
        "mobile phones, which are sold to enterprises.",
    ),
    fact(
        "customers-1",
        "customers",
        "In the years ended December 31, 2022 and 2021, "
        "approximately 83% and 76% respectively, of our revenues were derived from our top "
        "four customers.",
        "Approximately 83% of our revenues came from our top four customers.",
    ),
    fact(
        "revenue-1",
        "revenue",
        "In 2022, 42% of our revenues were from our new tablet product that had only one customer.",
    ),
    fact(
        "revenue-2",
        "revenue",
        "For the years ended December 31, 2022 and 2021, our revenue "
        "was $69.8 million and $54.6 million, respectively.",
    ),
    fact(
        "channels-1",
        "channels",
        "We sell through wireless carriers and distributors in North America and Europe.",
    ),
    fact(
        "financing-1",
        "financing",
        "Our net loss was $14.1 million and $38.6 million for 2022 and 2021, respectively.",
    ),
    fact(
        "financing-2",
        "financing",
        "The contract provides AT&T with $7 billion in funding and a credit facility.",
        subject="third_party",
    ),
]


def _phrases(record) -> list[tuple[str, list[str]]]:
    """Every phrase-like value of the record with its fact ids."""
    out = []
    c = record.company
    if c and c.description:
        out.append((c.description.text, c.description.fact_ids))
    for group in (
        record.customers.groups,
        record.customers.markets,
        record.products.lines,
        record.products.brands,
        record.products.services,
        record.channels.geography,
    ):
        out += [(p.text, p.fact_ids) for p in group]
    out += [(x.name, x.fact_ids) for x in record.segments + record.revenue.sources]
    out += [(x.who, x.fact_ids) for x in record.customers.concentration]
    return out


def test_values_are_read_from_the_cited_spans_with_their_facts():
    record = build_business_model(SONIM, "Sonim Technologies, Inc.")
    by_id = {f.id: f for f in SONIM}
    assert record.company.short_name == "Sonim Technologies"
    assert record.company.description.text.startswith("a leading provider of rugged mobile phones")
    for text, ids in _phrases(record):
        assert ids and all(
            normalize(text).strip() in normalize(by_id[i].citations[0].quote) for i in ids
        ), text
    [top] = record.customers.concentration
    assert top.who == "top four customers" and top.fact_ids == ["customers-1"]
    assert [(m.share, m.period) for m in top.figures] == [("83%", "2022"), ("76%", "2021")]
    [tablet] = record.revenue.sources
    assert tablet.name == "new tablet product"
    assert [(m.share, m.period) for m in tablet.figures] == [("42%", "2022")]
    assert [(t.amount, t.period) for t in record.revenue.totals] == [
        ("$69.8 million", "2022"),
        ("$54.6 million", "2021"),
    ]
    assert {k.kind for k in record.channels.kinds} == {"carriers", "distributors"}
    assert [g.text for g in record.channels.geography] == ["North America", "Europe"]
    [loss] = record.financing
    assert loss.kind == "net loss" and [m.amount for m in loss.figures] == [
        "$14.1 million",
        "$38.6 million",
    ]


def test_third_parties_facts_never_enter_the_record():
    record = build_business_model(SONIM, "Sonim Technologies, Inc.")
    assert "$7 billion" not in record.model_dump_json()
    assert all("financing-2" not in f.fact_ids for f in record.financing)


def test_segments_no_large_customer_and_balances():
    facts = [
        fact(
            "revenue-1",
            "revenue",
            "Flexibles segment accounted for approximately 76% of "
            "consolidated net sales in fiscal year 2023.",
        ),
        fact(
            "customers-1",
            "customers",
            "We did not have sales to a single customer that "
            "exceeded 10% of consolidated net sales in the last three fiscal years.",
        ),
        fact(
            "financing-1",
            "financing",
            "At December 31, 2024, we had assets of $1.9 trillion, "
            "loans of $912.7 billion, deposits of $1.4 trillion and stockholders’ equity of "
            "$179.1 billion.",
        ),
        fact(
            "financing-2",
            "financing",
            "Capital expenditures for pollution control were approximately $13 million.",
        ),
    ]
    record = build_business_model(facts, "Acme Corporation")
    [seg] = record.segments
    assert seg.name == "Flexibles segment" and seg.shares[0].share == "approximately 76%"
    assert record.customers.no_customer_above_10_percent.fact_ids == ["customers-1"]
    kinds = {f.kind: [m.amount for m in f.figures] for f in record.financing}
    # Assets and loans are no kind of financing; an amount is tied to the kind that names it.
    assert kinds["deposits"] == ["$1.4 trillion"]
    assert kinds["stockholders' equity"] == ["$179.1 billion"]
    # "for pollution control": a part of capital spending, not its total.
    assert kinds["capital expenditure"] == []
    # "Acme" is not what these facts call the company: the paragraph says "The company".
    assert record.company.short_name == "The company"


def test_short_names():
    assert short_name("Sonim Technologies, Inc.") == "Sonim Technologies"
    assert short_name("The Home Depot, Inc.") == "The Home Depot"
    assert short_name("The Boeing Company") == "Boeing"
    assert short_name("Amcor plc") == "Amcor"
    assert short_name("FIRST AMERICAN SCIENTIFIC CORP.") == "First American Scientific"
    assert short_name("the company") == "The company"


def test_kinds_are_what_the_company_sells_through_or_earns_from():
    record = build_business_model(
        [
            # Someone else's branches, a buyer's "direct sales", software agents, a US state.
            fact(
                "channels-1", "channels", "We work with all of the branches of the U.S. military."
            ),
            fact(
                "channels-2",
                "channels",
                "We purchase receivables from creditors through privately negotiated direct "
                "sales and auctions in which sellers of receivables seek bids.",
            ),
            fact("channels-3", "channels", "Our platform lets AI agents work beside sales teams."),
            fact("channels-4", "channels", "We operate through agencies in New Mexico and Texas."),
            # Trend language about a market is not how the company earns.
            fact(
                "revenue-1",
                "revenue",
                "The growth of sales through subscription services could affect our revenue.",
            ),
        ],
        "Acme Corp.",
    )
    assert record.channels.kinds == []
    assert "Mexico" not in [p.text for p in record.channels.geography]
    assert record.revenue.earned_by == []
    record = build_business_model(
        [
            fact(
                "channels-1",
                "channels",
                "We sell through our direct sales force and through independent agents.",
            ),
            fact("channels-2", "channels", "We also sell directly to consumers in our stores."),
        ],
        "Acme Corp.",
    )
    assert [k.kind for k in record.channels.kinds] == [
        "direct sales force",
        "agents",
        "stores",
    ]


def test_a_description_ends_before_a_participle_clause_or_an_open_bracket():
    record = build_business_model(
        [
            fact(
                "products-1",
                "products",
                "Acme, Inc. (“Acme”) is a global leader in customer relationship management "
                "(“CRM”) technology, enabling companies of every size to connect with customers.",
                start=0,  # the opening of the text, where a filing says what it is
            )
        ],
        "Acme, Inc.",
    )
    assert record.company.description.text == (
        "a global leader in customer relationship management (“CRM”) technology"
    )
    founded = build_business_model(
        [
            fact(
                "products-1",
                "products",
                "Founded in 1955, we are an industrial manufacturer.",
                start=0,
            )
        ],
        "Acme, Inc.",
    )
    assert founded.company.description.text == "an industrial manufacturer"


def test_a_singular_collective_keeps_its_article_in_the_paragraph():
    from extractor.core.paragraph.record_sentences import _group

    assert _group("automotive industry") == "the automotive industry"
    assert _group("government") == "government"  # one word in a list: "energy, government"
    assert _group("utilities") == "utilities"


def test_names_with_an_ampersand_or_only_a_defined_name():
    from extractor.core.text.company import guess_company

    assert guess_company("Wells Fargo & Company is a financial holding company.") == (
        "Wells Fargo & Company"
    )
    assert short_name("Wells Fargo & Company") == "Wells Fargo"
    text = (
        "Worthington Industries, is a corporation formed under the laws of the State of Ohio "
        "(collectively with its subsidiaries, “we,” “our,” “us,” “Worthington” or the "
        "“Company”). Founded in 1955, we are an industrial manufacturing company."
    )
    assert guess_company(text) == "Worthington"


def test_a_long_span_is_normalised_once_not_per_item(monkeypatch):
    # Issue 25 item 9: reading the record re-normalised the whole span for every item.
    from extractor.core.record import reading as record_reading

    calls = []
    real = record_reading.normalize

    def counting(text: str) -> str:
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(record_reading, "normalize", counting)
    if hasattr(record_reading, "_normalized"):
        record_reading._normalized.cache_clear()
    items = ", ".join(f"product line {n}" for n in range(400))
    span = f"We sell {items} to industrial and commercial customers through distributors."
    build_business_model([fact("products-1", "products", span)], "Acme Inc.")
    assert sum(1 for n in calls if n >= len(span)) <= 1


def test_the_description_is_the_earliest_one_and_never_praise_alone():
    record = build_business_model(
        [
            fact(
                "customers-9",
                "customers",
                "Acme is the official delivery sponsor of the National League.",
                start=2500,
            ),
            fact(
                "revenue-1",
                "revenue",
                "Acme is one of the most trusted and respected companies in the world, and the "
                "Acme brand name is a powerful sales tool.",
                start=900,
            ),
            fact("products-1", "products", "Acme is a maker of rugged phones.", start=1800),
        ],
        "Acme, Inc.",
    )
    assert record.company.description.text == "a maker of rugged phones"
    far = build_business_model(
        [
            fact("products-1", "products", "Acme is a maker of rugged phones.", start=0),
            fact("customers-9", "customers", "Acme is the sponsor of a league.", start=90_000),
        ],
        "Acme, Inc.",
    )
    assert far.company.description.fact_ids == ["products-1"]
    # Past the opening, a self-description is a sponsorship or an award, not what it is.
    late = build_business_model(
        [
            fact("products-1", "products", "Acme sells phones.", start=0),
            fact("customers-9", "customers", "Acme is the sponsor of a league.", start=90_000),
        ],
        "Acme, Inc.",
    )
    assert late.company.description is None


def test_fees_the_company_pays_and_plants_brought_online_are_not_how_it_earns_or_sells():
    source = "Acme Corp. is the holding company of the Utility.\n"
    record = build_business_model(
        [
            fact("revenue-1", "revenue", "Acme pays a fee related to its sales to programs."),
            fact(
                "revenue-2",
                "revenue",
                "In exchange for the right to use public streets, the Utility pays annual "
                "fees to the cities and counties.",
            ),
            fact("channels-1", "channels", "The Utility also brought online two remote grids."),
            fact(
                "channels-2",
                "channels",
                "The Utility takes delivery of natural gas, typically in Canada.",
            ),
        ],
        "Acme Corp.",
        source,
    )
    assert record.revenue.earned_by == []
    assert record.channels.kinds == []
    assert record.channels.geography == []
    record = build_business_model(
        [
            fact("revenue-1", "revenue", "Licensees pay royalties to Acme on each unit sold."),
            fact("revenue-2", "revenue", "Customers pay fees to access our platform."),
            fact("channels-1", "channels", "Our products are sold in our stores and online."),
        ],
        "Acme Corp.",
    )
    assert [k.kind for k in record.revenue.earned_by] == ["royalties", "fees"]
    assert [k.kind for k in record.channels.kinds] == ["stores", "online"]
