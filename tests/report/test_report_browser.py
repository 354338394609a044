"""The audit page in a real headless Chromium: clicks, focus, scrolling, no requests, no XSS.

Runs Debian's chromium through Playwright (``.ci/setup-browser`` installs it in CI);
skipped only on a developer machine without /usr/bin/chromium, never in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.core.schema import Output
from extractor.report import render_report

from .conftest import build_output
from .test_report_html import HOSTILE, HOSTILE_SPECS

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="needs Debian's chromium (apt-get install chromium); always runs in CI",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield b
        b.close()


class Loaded:
    """A page opened from a file, with every request and page error recorded."""

    def __init__(self, browser, tmp_path: Path, html: str) -> None:
        self.file = tmp_path / "report.html"
        self.file.write_text(html, encoding="utf-8")
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.goto(self.file.as_uri())

    def highlighted(self) -> list[str]:
        return self.page.eval_on_selector_all("#source mark.hl", "ms => ms.map(m => m.textContent)")

    def first_highlight_in_pane(self) -> bool:
        mark = self.page.locator("#source mark.hl").first.bounding_box()
        pane = self.page.locator("#source-pane").bounding_box()
        assert mark and pane
        return pane["y"] <= mark["y"] and mark["y"] + mark["height"] <= pane["y"] + pane["height"]


@pytest.fixture
def open_page(browser, tmp_path: Path) -> Iterator:
    opened: list[Loaded] = []

    def make(output: Output, source: str) -> Loaded:
        page = Loaded(browser, tmp_path, render_report(output, source))
        opened.append(page)
        return page

    yield make
    for p in opened:
        p.context.close()


def quotes_of(output: Output, fact_ids: list[str]) -> list[str]:
    return [c.quote for f in output.facts if f.id in fact_ids for c in f.citations]


def farthest_sentence(output: Output) -> int:
    """The paragraph sentence whose first cited span is deepest in the source."""
    by_id = {f.id: f for f in output.facts}
    starts = [
        min((c.start for i in s.fact_ids for c in by_id[i].citations), default=-1)
        for s in output.summary.sentences
    ]
    return max(range(len(starts)), key=starts.__getitem__)


def test_click_sentence_highlights_its_spans_and_scrolls_to_them(open_page, sonm_output, sonm_text):
    page = open_page(sonm_output, sonm_text)
    n = farthest_sentence(sonm_output)
    sentence = sonm_output.summary.sentences[n]
    assert page.page.locator("#source-pane").evaluate("p => p.scrollTop") == 0
    page.page.click(f"#sent-{n}")
    joined = "".join(page.highlighted())
    for quote in quotes_of(sonm_output, sentence.fact_ids):
        assert quote in joined
    # Only marks of this sentence's facts are highlighted.
    marked = page.page.eval_on_selector_all("#source mark.hl", "ms => ms.map(m => m.dataset.facts)")
    assert all(set(f.split()) & set(sentence.fact_ids) for f in marked)
    assert page.page.locator("#source-pane").evaluate("p => p.scrollTop") > 0
    assert page.first_highlight_in_pane()
    for fid in sentence.fact_ids:
        assert "hl" in page.page.get_attribute(f"#fact-{fid}", "class").split()
    assert page.errors == []


def test_keyboard_focus_selects_sentences(open_page, sonm_output, sonm_text):
    page = open_page(sonm_output, sonm_text)
    page.page.keyboard.press("Tab")  # the header's "run details" link
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.id") == "sent-0"
    first = sonm_output.summary.sentences[0]
    assert set(quotes_of(sonm_output, first.fact_ids)) <= set(page.highlighted())
    for _ in range(3):
        page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.id") == "sent-3"
    fourth = sonm_output.summary.sentences[3]
    joined = "".join(page.highlighted())
    assert all(q in joined for q in quotes_of(sonm_output, fourth.fact_ids))
    assert page.first_highlight_in_pane()


def test_hover_shows_the_fact_and_citation_buttons_jump(open_page, sonm_output, sonm_text):
    page = open_page(sonm_output, sonm_text)
    fact = sonm_output.facts[-1]
    mark = page.page.locator(f'#source mark[data-cites~="{fact.id}:0"]').first
    mark.hover()
    assert fact.statement in page.page.inner_text("#hovercard")
    page.page.click(f'#fact-{fact.id} button.cite[data-cite="{fact.id}:0"]')
    assert "".join(page.highlighted()) == fact.citations[0].quote
    assert page.first_highlight_in_pane()


def test_no_request_leaves_the_page(open_page, sonm_output, sonm_text):
    page = open_page(sonm_output, sonm_text)
    for n in range(len(sonm_output.summary.sentences)):
        page.page.click(f"#sent-{n}")
    page.page.hover("#source mark.c >> nth=0")
    page.page.click("a[href='#run-details']")
    assert page.requests == [page.file.as_uri()]
    assert page.errors == []


def test_injected_script_does_not_run_and_shows_as_text(open_page):
    out = build_output(HOSTILE, HOSTILE_SPECS, not_disclosed=("customers",))
    page = open_page(out, HOSTILE)
    assert page.page.evaluate("typeof window.__pwned") == "undefined"
    shown = page.page.locator("#source").text_content()
    assert shown == HOSTILE  # including its leading newline
    assert "<script>window.__pwned=1</script>" in shown and "</textarea>" in shown
    assert page.page.locator("img, textarea, #source script").count() == 0
    assert "<b>widgets</b> & gadgets" in page.page.inner_text("#fact-products-1")
    # The page's own script still runs (its CSP hash is right): clicking works.
    n = next(i for i, s in enumerate(out.summary.sentences) if "revenue-1" in s.fact_ids)
    page.page.click(f"#sent-{n}")
    assert "<script>window.__pwned=1</script> Revenue grew 12% in 2023." in page.highlighted()
    # The not-disclosed sentence points at the area marked not disclosed.
    nd = next(i for i, s in enumerate(out.summary.sentences) if s.not_disclosed)
    page.page.click(f"#sent-{nd}")
    assert "hl" in page.page.get_attribute("#nd-customers", "class").split()
    assert page.requests == [page.file.as_uri()] and page.errors == []


def test_110kb_filing_loads_and_clicks(open_page, fdx_output, fdx_text):
    assert len(fdx_text) > 100_000
    page = open_page(fdx_output, fdx_text)
    assert page.page.locator("#source").text_content() == fdx_text
    assert page.page.locator("#source mark.c").count() >= len(fdx_output.facts)
    n = farthest_sentence(fdx_output)
    sentence = fdx_output.summary.sentences[n]
    page.page.click(f"#sent-{n}")
    assert page.highlighted() == quotes_of(fdx_output, sentence.fact_ids)
    assert page.page.locator("#source-pane").evaluate("p => p.scrollTop") > 10_000
    assert page.first_highlight_in_pane()
    # The overlapping pair: the inner span, shared by two areas' citations, lights up with
    # the sentence of the outer one.
    sents = fdx_output.summary.sentences
    both = next(i for i, s in enumerate(sents) if "products-1" in s.fact_ids)
    page.page.click(f"#sent-{both}")
    assert "residential delivery to 100% of U.S. residences" in page.highlighted()
    assert page.requests == [page.file.as_uri()] and page.errors == []


def test_click_record_value_highlights_the_spans_it_rests_on(open_page, sonm_output, sonm_text):
    page = open_page(sonm_output, sonm_text)
    [top] = [c for c in sonm_output.business_model.customers.concentration]
    button = page.page.locator("button.rv", has_text=top.who).first
    button.click()
    joined = "".join(page.highlighted())
    for quote in quotes_of(sonm_output, top.fact_ids):
        assert quote in joined
    for fid in top.fact_ids:
        assert "hl" in page.page.get_attribute(f"#fact-{fid}", "class").split()
    assert page.first_highlight_in_pane()
    assert page.errors == [] and all(r.startswith("file:") for r in page.requests)
