"""The audit page: one self-contained HTML file, paragraph -> facts -> highlighted source.

Pure: it needs only the ``Output`` and the source text it cites. Everything that
came from the filing or the model reaches the page through Jinja autoescaping
(``templates/report/page.html.j2``) or as JSON with ``<``, ``>`` and ``&``
escaped, so a filing containing ``<script>`` or ``</textarea>`` shows as text.
The page's CSS and JS are static files inlined verbatim and allowed by their
sha256 in a Content-Security-Policy whose ``default-src 'none'`` forbids every
request, so the page works offline and cannot leak what it shows.

The source pane is built here, not in the browser: the text is cut at every
citation boundary into segments, and each cited segment becomes one ``<mark>``
listing every fact (and citation) covering it, so overlapping citations need no
nested markup and a 110 KB filing costs the browser one parse, no DOM surgery.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markupsafe import Markup

from extractor.core.areas import AREAS
from extractor.core.package_data import template_dir
from extractor.core.record.build import record_items
from extractor.core.schema import CATEGORIES, Category, Fact, FactFields, Output
from extractor.errors import SourceMismatchError

PAGE_TEMPLATE = "report/page.html.j2"
STYLE_FILE = "report/page.css"
SCRIPT_FILE = "report/page.js"

FIELD_TITLE: dict[str, str] = {
    "amounts": "Amounts",
    "percentages": "Percentages",
    "periods": "Periods",
    "segments": "Segments",
    "customers": "Customers",
    "products": "Products",
    "channels": "Channels",
    "financing_kinds": "Financing kinds",
}


@dataclass(frozen=True)
class Segment:
    """A run of source text; cited when ``cites`` is non-empty."""

    start: int
    end: int
    text: str
    fact_ids: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()  # "fact-id:citation-index" keys covering this run
    areas: tuple[Category, ...] = ()


@dataclass(frozen=True)
class FactView:
    fact: Fact
    status: str  # "paragraph", "dropped" or "unused"
    status_text: str
    fields: tuple[tuple[str, tuple[str, ...]], ...]


def check_source(output: Output, source: str) -> bool:
    """True if ``source`` is byte-identical to the document the output was made from.

    A different text is still accepted when every citation matches it (e.g. the
    same filing with another line ending at the very end); otherwise raise.
    """
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if digest == output.document.sha256:
        return True
    for fact in output.facts:
        for c in fact.citations:
            if source[c.start : c.end] != c.quote:
                raise SourceMismatchError(
                    f"the source is not the text this output was made from: sha256 differs "
                    f"and citation {fact.id} [{c.start}:{c.end}] does not match its quote"
                )
    return False


def source_segments(source: str, facts: Sequence[Fact]) -> list[Segment]:
    """Cut ``source`` at every citation boundary; the segments concatenate to ``source``."""
    category = {f.id: f.category for f in facts}
    spans = [
        (min(c.start, len(source)), min(c.end, len(source)), f.id, f"{f.id}:{i}")
        for f in facts
        for i, c in enumerate(f.citations)
    ]
    bounds = sorted({0, len(source), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    # Sweep: spans sorted by start open as we pass their start and are kept
    # until their end; a filing has few spans, so the open list stays short.
    spans.sort()
    segments: list[Segment] = []
    open_spans: list[tuple[int, int, str, str]] = []
    nxt = 0
    for a, b in itertools.pairwise(bounds):
        while nxt < len(spans) and spans[nxt][0] <= a:
            open_spans.append(spans[nxt])
            nxt += 1
        open_spans = [s for s in open_spans if s[1] > a]  # now exactly the spans covering a
        covering = open_spans
        fact_ids = tuple(dict.fromkeys(s[2] for s in covering))
        areas = tuple(c for c in CATEGORIES if any(category[i] == c for i in fact_ids))
        segments.append(Segment(a, b, source[a:b], fact_ids, tuple(s[3] for s in covering), areas))
    return segments


def _fact_views(output: Output) -> dict[Category, list[FactView]]:
    in_paragraph = {i for s in output.summary.sentences for i in s.fact_ids}
    dropped = set(output.summary.dropped_fact_ids)
    views: dict[Category, list[FactView]] = {c: [] for c in CATEGORIES}
    for f in output.facts:
        if f.id in in_paragraph:
            status, text = "paragraph", "in the paragraph"
        elif f.id in dropped:
            status, text = "dropped", "dropped to meet the token cap"
        elif f.subject != "company":
            status, text = (
                "unused",
                f"not in the paragraph: about the {f.subject.replace('_', ' ')}",
            )
        else:
            status, text = "unused", "not in the paragraph"
        fields = tuple(
            (FIELD_TITLE[name], tuple(values))
            for name, values in f.fields.model_dump().items()
            if values and name in FactFields.model_fields
        )
        views[f.category].append(FactView(f, status, text, fields))
    return views


RECORD_AREAS: tuple[tuple[str, str], ...] = (
    ("company", "Company"),
    ("products", "Products"),
    ("customers", "Customers"),
    ("channels", "Channels"),
    ("segments", "Segments"),
    ("revenue", "Revenue"),
    ("financing", "Financing"),
)


@dataclass(frozen=True)
class RecordValue:
    slot: str
    label: str
    figures: str
    fact_ids: tuple[str, ...]


def _record_view(output: Output) -> list[tuple[str, list[RecordValue]]]:
    """The business-model record area by area, in the paragraph's order."""
    by_area: dict[str, list[RecordValue]] = {a: [] for a, _ in RECORD_AREAS}
    for area, slot, label, figures, fact_ids in record_items(output.business_model):
        text = "; ".join(
            " ".join(x for x in (m.share or m.amount, f"({m.period})" if m.period else "") if x)
            for m in figures
        )
        by_area[area].append(RecordValue(slot.replace("_", " "), label, text, tuple(fact_ids)))
    return [(title, by_area[a]) for a, title in RECORD_AREAS if by_area[a]]


def _json_for_script(data: object) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no entities."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)


def _csp_hash(content: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode()).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Autoescape on for everything: the page shows text written by a filing and a model.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    """The page's CSS and JS, inlined verbatim (their CSP hashes are of these exact texts)."""
    folder = template_dir()
    return (
        (folder / STYLE_FILE).read_text(encoding="utf-8"),
        (folder / SCRIPT_FILE).read_text(encoding="utf-8"),
    )


def _fmt_seconds(s: float) -> str:
    return f"{s:.1f} s" if s < 120 else f"{s / 60:.1f} min"


def render_report(output: Output, source: str) -> str:
    """The whole audit page as one HTML string; raises if ``source`` is not the cited text."""
    same_text = check_source(output, source)
    style, script = _assets()
    facts_by_id = {f.id: f for f in output.facts}
    views = _fact_views(output)
    data = {
        "facts": {
            f.id: {
                "category": f.category,
                "area": AREAS[f.category].title,
                "statement": f.statement,
            }
            for f in output.facts
        },
    }
    summary = output.summary
    dropped = [facts_by_id[i] for i in summary.dropped_fact_ids if i in facts_by_id]
    document_rows = [
        (key, value if isinstance(value, str | int | float) else json.dumps(value))
        for key, value in output.document.model_dump().items()
    ]
    csp = "; ".join(
        [
            "default-src 'none'",
            f"style-src {_csp_hash(style)}",
            f"script-src {_csp_hash(script)}",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return (
        _environment()
        .get_template(PAGE_TEMPLATE)
        .render(
            csp=csp,
            style=Markup(style),
            script=Markup(script),
            data_json=_json_for_script(data),
            output=output,
            summary=summary,
            run=output.run,
            document_rows=document_rows,
            same_text=same_text,
            source_sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
            segments=source_segments(source, output.facts),
            areas=CATEGORIES,
            area_title={a: spec.title for a, spec in AREAS.items()},
            views=views,
            record=_record_view(output),
            not_disclosed={n.category: n for n in output.not_disclosed},
            dropped=dropped,
            fmt_seconds=_fmt_seconds,
        )
    )
