"""The audit page as HTML text: exact source pane, escaping, spans, legend, run details."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.core.schema import CATEGORIES, Citation, Fact, Output, Rejected
from extractor.errors import InputError, SourceMismatchError
from extractor.report import check_source, render_report, source_segments

from .conftest import Spec, build_output

HOSTILE = (
    "\nAcme & Co. sells <b>widgets</b> to retailers. "
    "<script>window.__pwned=1</script> Revenue grew 12% in 2023. "
    "Our lenders include </textarea><img src=x onerror=alert(1)> banks. "
    "Customers pay net 30 days.\n"
)
HOSTILE_SPECS = [
    Spec(
        "products-1",
        "products",
        "Acme sells <b>widgets</b> & gadgets.",
        ("=Acme & Co. sells <b>widgets</b> to retailers.",),
        priority=0.9,
    ),
    Spec(
        "revenue-1",
        "revenue",
        "Revenue grew 12% in 2023 <script>alert(2)</script>.",
        ("<script>window.__pwned=1</script> Revenue grew",),
        priority=0.8,
        fields={"percentages": ["12%"], "periods": ["2023"]},
    ),
    Spec(
        "financing-1",
        "financing",
        "Acme borrows from </textarea> banks.",
        ("Our lenders include",),
        priority=0.7,
    ),
]


class _Page(HTMLParser):
    """Collects the source pane (text + marks), inline blocks and every attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_source = False
        self.source: list[str] = []
        self.marks: list[tuple[dict[str, str], str]] = []
        self._mark: dict[str, str] | None = None
        self.blocks: list[tuple[str, dict[str, str], str]] = []
        self._block: tuple[str, dict[str, str]] | None = None
        self.attrs: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in a.items())
        if tag == "pre" and a.get("id") == "source":
            self.in_source = True
        elif tag == "mark" and self.in_source:
            self._mark = a
            self.marks.append((a, ""))
        elif tag in ("script", "style"):
            self._block = (tag, a)

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_source = False
        elif tag == "mark":
            self._mark = None

    def handle_data(self, data):
        if self._block is not None:
            self.blocks.append((*self._block, data))
            self._block = None
        if self.in_source:
            self.source.append(data)
            if self._mark is not None:
                attrs, text = self.marks[-1]
                self.marks[-1] = (attrs, text + data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def hostile() -> tuple[Output, str]:
    rejected = (
        Rejected(
            category="customers",
            statement="<i>Everyone</i> buys",
            quote="</script>",
            reason="quote not found",
        ),
    )
    out = build_output(
        HOSTILE, HOSTILE_SPECS, not_disclosed=("customers", "channels"), rejected=rejected
    )
    return out, render_report(out, HOSTILE)


def test_source_pane_is_the_source_exactly(hostile):
    out, html = hostile
    page = parse(html)
    # The parser drops the newline right after <pre>; the page adds one for that.
    assert "".join(page.source).removeprefix("\n") == HOSTILE
    # Each citation is covered by marks that name it and whose text is its quote.
    for f in out.facts:
        for i, c in enumerate(f.citations):
            text = "".join(t for a, t in page.marks if f"{f.id}:{i}" in a["data-cites"].split())
            assert text == c.quote


def test_text_from_filing_and_model_cannot_become_markup(hostile):
    _, html = hostile
    page = parse(html)
    assert [t for t, _, _ in page.blocks].count("script") == 2  # data block + the page's own
    assert "img" not in page.tags and "textarea" not in page.tags and "b" not in page.tags
    for needle in ("<script>window", "<script>alert", "</textarea>", "<img", "<b>", "<i>"):
        assert needle not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "Acme borrows from &lt;/textarea&gt; banks." in html
    # No event handler or inline style attribute anywhere: the CSP would block them anyway.
    assert not [a for _, a, _ in page.attrs if a.startswith("on") or a == "style"]


def test_embedded_json_cannot_close_its_script(hostile):
    out, html = hostile
    raw = next(text for tag, a, text in parse(html).blocks if a.get("type") == "application/json")
    assert not set("<>&") & set(raw)
    data = json.loads(raw)
    assert data["facts"]["revenue-1"]["statement"] == out.facts[1].statement  # round-trips
    assert "<script>" in data["facts"]["revenue-1"]["statement"]


def test_csp_forbids_requests_and_allows_only_the_inline_blocks(hostile):
    _, html = hostile
    page = parse(html)
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1])
    assert "default-src 'none'" in csp
    for tag, attrs, text in page.blocks:
        if attrs.get("type") == "application/json":
            continue  # data, never executed
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in csp
    external = [
        (t, a, v) for t, a, v in page.attrs if a in ("src", "href") and not v.startswith("#")
    ]
    assert external == []


def test_overlapping_citations_become_segments_carrying_every_fact(fdx_output, fdx_text):
    segs = source_segments(fdx_text, fdx_output.facts)
    assert "".join(s.text for s in segs) == fdx_text
    assert all(a.end == b.start for a, b in itertools.pairwise(segs))
    covered = {s.text: s.fact_ids for s in segs if s.fact_ids}
    # customers-1 cites a phrase inside products-1's sentence.
    assert covered["residential delivery to 100% of U.S. residences"] == (
        "products-1",
        "customers-1",
    )
    assert covered[
        "FedEx Ground provides low-cost, day-certain service to any business address "
        "in the U.S. and Canada, as well as "
    ] == ("products-1",)
    html = render_report(fdx_output, fdx_text)
    multi = [a for a, t in parse(html).marks if "multi" in a["class"].split()]
    assert [a["data-facts"] for a in multi] == ["products-1 customers-1"]


def test_legend_has_every_area(hostile):
    _, html = hostile
    legend = re.search(r'<ul class="legend".*?</ul>', html, re.S)[0]
    for area in CATEGORIES:
        assert f'class="sw a-{area}"' in legend
        assert area.capitalize() in legend
    assert "Several areas" in legend


def test_facts_grouped_with_fields_match_and_status(sonm_output, sonm_text):
    html = render_report(sonm_output, sonm_text)
    page = parse(html)
    for area in CATEGORIES:
        section = re.search(rf'<section class="area" id="area-{area}">.*?</section>', html, re.S)[0]
        ids = re.findall(r'<article class="fact [^"]*" id="fact-([^"]+)"', section)
        assert ids == [f.id for f in sonm_output.facts if f.category == area]
    assert 'class="match m-exact">exact' in html
    assert "<dt>Percentages</dt><dd>83%; 76%</dd>" in html
    # Every citation of the real output is marked and its marks spell its quote.
    for f in sonm_output.facts:
        for i, c in enumerate(f.citations):
            text = "".join(t for a, t in page.marks if f"{f.id}:{i}" in a["data-cites"].split())
            assert text == c.quote


def test_not_disclosed_areas_and_their_sentence(hostile):
    out, html = hostile
    for area in ("customers", "channels"):
        assert f'id="nd-{area}" data-area="{area}"' in html
        assert f"no {area} passage" in html
    nd_sentence = next(s for s in out.summary.sentences if s.not_disclosed)
    assert f'data-nd="{" ".join(nd_sentence.not_disclosed)}"' in html
    assert "&lt;i&gt;Everyone&lt;/i&gt; buys" in html  # the rejected proposal, escaped


def test_run_details_and_dropped_facts(fdx_text):
    from .conftest import FDX_SPECS

    out = build_output(fdx_text, FDX_SPECS, token_cap=40)
    assert out.summary.dropped_fact_ids  # the cap forced drops
    html = render_report(out, fdx_text)
    dropped = re.search(r'<dd id="dropped">.*?</dd>', html, re.S)[0]
    for fid in out.summary.dropped_fact_ids:
        assert f'href="#fact-{fid}"' in dropped
        assert f'class="fact st-dropped" id="fact-{fid}"' in html
    assert f"{out.summary.tokens} / 40 tokens (o200k_base)" in html
    assert "about the third party" in html  # customers-2 is a third-party fact


def test_run_details_of_the_real_output(sonm_output, sonm_text):
    html = render_report(sonm_output, sonm_text)
    run = sonm_output.run
    assert f"<dt>Model</dt><dd>{run.model} (local)</dd>" in html
    assert f"<dt>LLM calls</dt><dd>{run.llm_calls}</dd>" in html
    assert f"{run.prompt_tokens} prompt + {run.completion_tokens} completion" in html
    assert f"{run.seconds / 60:.1f}" in html  # minutes, as the header shows them
    assert f"{sonm_output.summary.tokens} / 512 tokens" in html
    assert sonm_output.document.sha256 in html and "sha256 matches" in html
    for area in run.areas:
        assert f"<td>{area.candidates}</td><td>{area.llm_calls}</td>" in html


def test_source_must_be_the_cited_text(sonm_output, sonm_text):
    with pytest.raises(SourceMismatchError, match="revenue-1") as err:
        render_report(sonm_output, sonm_text[1:])
    assert isinstance(err.value, InputError)
    # Same citations, different bytes (an extra trailing newline): accepted, and said so.
    assert check_source(sonm_output, sonm_text + "\n") is False
    assert "differs from the output" in render_report(sonm_output, sonm_text + "\n")


def test_page_is_deterministic(sonm_output, sonm_text):
    assert render_report(sonm_output, sonm_text) == render_report(sonm_output, sonm_text)


@given(
    st.text(alphabet="ab <>&\n", min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 59), st.integers(1, 20)), min_size=1, max_size=6),
)
def test_segments_cover_source_and_name_exactly_the_covering_citations(source, raw):
    facts = []
    for n, (start, length) in enumerate(raw):
        start = min(start, len(source) - 1)
        end = min(start + length, len(source))
        quote = source[start:end]
        cite = Citation(start=start, end=end, quote=quote, match="exact", score=100.0)
        facts.append(
            Fact(
                id=f"revenue-{n}",
                category="revenue",
                statement="s",
                subject="company",
                priority=0.5,
                citations=[cite],
            )
        )
    segs = source_segments(source, facts)
    assert "".join(s.text for s in segs) == source
    for seg in segs:
        for pos in range(seg.start, seg.end):  # every character carries its covering facts
            want = {f.id for f in facts if f.citations[0].start <= pos < f.citations[0].end}
            assert set(seg.fact_ids) == want


def test_record_is_shown_area_by_area_with_its_facts(sonm_output, sonm_text):
    html = render_report(sonm_output, sonm_text)
    record = sonm_output.business_model
    section = html[html.index('<section id="record"') : html.index('<h2 id="facts-h"')]
    for title in ("Company", "Customers", "Channels", "Revenue", "Financing"):
        assert f"<h3>{title}</h3>" in section
    [top] = record.customers.concentration
    assert f'data-facts="{" ".join(top.fact_ids)}">{top.who}</button>' in section
    assert "83% (2022); 76% (2021)" in section
    # Every value that rests on facts points at facts of this output.
    ids = {f.id for f in sonm_output.facts}
    for found in re.findall(r'class="rv" data-facts="([^"]+)"', section):
        assert set(found.split()) <= ids
