"""From a reference (``AAPL``, ``320193``, ``AAPL:2023``) to a 10-K on disk, through the cache.

``fetch_filing`` answers from the cache when it can (no request at all), else
asks EDGAR (``client``), picks the filing (``choose``), downloads its primary
document once and records it. ``--offline`` answers from the cache only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.documents import load_source
from extractor.edgar.choose import FilingRecord, choose_filing, normalise_accession
from extractor.edgar.store import FilingStore
from extractor.errors import InputError
from extractor.filings.load import LoadedDocument

CACHE_DIR_ENV = "EXTRACTOR_CACHE_DIR"  # the root shared with the model and response caches
EDGAR_CACHE_DIR_ENV = "EXTRACTOR_EDGAR_CACHE_DIR"  # this cache alone elsewhere
_TICKER = re.compile(r"^[A-Za-z]{1,5}(?:[.\-][A-Za-z]{1,2})?$")  # AAPL, BRK.B, BRK-B
_CIK = re.compile(r"^\d{1,10}$")


def edgar_cache_dir() -> Path:
    """``$EXTRACTOR_EDGAR_CACHE_DIR``, else ``edgar/`` under the cache root
    (``$EXTRACTOR_CACHE_DIR`` or ``~/.cache/extractor``)."""
    import platformdirs

    own = os.environ.get(EDGAR_CACHE_DIR_ENV, "").strip()
    if own:
        return Path(own).expanduser()
    root = os.environ.get(CACHE_DIR_ENV, "").strip()
    base = Path(root).expanduser() if root else Path(platformdirs.user_cache_dir("extractor"))
    return base / "edgar"


@dataclass(frozen=True)
class FilingRef:
    company: str  # ticker (upper case) or CIK digits
    year: int | None = None
    accession: str | None = None
    form: str = "10-K"

    def __str__(self) -> str:
        tail = f" fiscal {self.year}" if self.year else ""
        tail += f" {self.accession}" if self.accession else ""
        return f"{self.company} {self.form}{tail}"


def is_path(raw: str) -> bool:
    """An existing file, folder or link (even one that loops or leads nowhere: a file
    problem, not a ticker); a string no file system accepts as a name is not one."""
    try:
        return Path(raw).exists() or Path(raw).is_symlink()
    except OSError:  # e.g. a name longer than the file system allows
        return False


def looks_like_reference(raw: str) -> bool:
    """A ticker or CIK, optionally ``:FY``; never an existing path."""
    if is_path(raw):
        return False
    head, _, year = raw.partition(":")
    return bool((_TICKER.match(head) or _CIK.match(head)) and (not year or year.isdigit()))


def parse_reference(
    raw: str, *, year: int | None = None, accession: str | None = None, form: str = "10-K"
) -> FilingRef:
    head, sep, tail = raw.strip().partition(":")
    if sep:
        if not (tail.isdigit() and len(tail) == 4):
            raise InputError(f"{raw!r}: expected TICKER:YEAR, e.g. AAPL:2023")
        if year is not None and int(tail) != year:
            raise InputError(f"{raw!r} and --year {year} disagree")
        year = int(tail)
    if not (_TICKER.match(head) or _CIK.match(head)):
        raise InputError(f"{raw!r}: not a ticker or CIK (nor an existing file)")
    if year is not None and accession is not None:
        raise InputError("give --year or --accession, not both")
    if year is not None and not 1993 <= year <= 2100:
        raise InputError(f"--year {year}: EDGAR holds filings from 1993 on")
    company = str(int(head)) if head.isdigit() else head.upper()
    acc = normalise_accession(accession) if accession else None
    return FilingRef(company, year, acc, form.upper())


@dataclass
class FetchedFiling:
    path: Path  # the primary document, named TICKER_ACCESSION.ext (a link to its blob)
    info: dict[str, Any]  # FilingInfo fields
    from_cache: bool
    notes: list[str] = field(default_factory=list)


def fetch_filing(
    ref: FilingRef,
    *,
    offline: bool = False,
    root: Path | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> FetchedFiling:
    store = FilingStore(root or edgar_cache_dir())
    key = store.ref_key(ref.company, ref.form, ref.year, ref.accession)
    known = store.ref(key, any_age=offline)
    if known is not None:
        entry = store.filing(int(known["cik"]), str(known["accession"]))
        if entry is not None:
            return _fetched(store, entry, ref, from_cache=True)
    if offline:
        raise InputError(
            f"{ref}: not in the cache ({store.root}) and --offline forbids fetching it"
        )

    from extractor.edgar.client import EdgarClient

    client = EdgarClient(store.root, progress=progress)
    company = client.company_filings(ref.company)
    choice = choose_filing(
        company.filings,
        company=f"{ref.company} ({company.name}, CIK {company.cik})",
        form=ref.form,
        year=ref.year,
        accession=ref.accession,
    )
    chosen = choice.filing
    entry = store.filing(company.cik, chosen.accession)
    if entry is None:
        url = _document_url(client.archives_url(), company.cik, chosen)
        progress(f"downloading {chosen.form} {chosen.accession} of {company.name}: {url}")
        sha = store.put_blob(client.download(url))
        entry = _entry(company.cik, company.name, chosen, url, sha, choice.notes)
        store.put_filing(company.cik, chosen.accession, entry)
    store.put_ref(
        key, company.cik, chosen.accession, stable=ref.year is not None or bool(ref.accession)
    )
    return _fetched(store, entry, ref, from_cache=False)


def _document_url(archives: str, cik: int, filing: FilingRecord) -> str:
    folder = f"{archives}/data/{cik}/{filing.accession.replace('-', '')}"
    # Filings from before 2001 list no primary document: the full submission
    # (<SEC-DOCUMENT> text, which the loader reads) is the document then.
    name = filing.primary_document or f"{filing.accession}.txt"
    return f"{folder}/{name}"


def _entry(
    cik: int, name: str, filing: FilingRecord, url: str, sha: str, notes: list[str]
) -> dict[str, Any]:
    return {
        "company_name": name,
        "cik": cik,
        "form": filing.form,
        "accession_number": filing.accession,
        "filing_date": filing.filing_date,
        "period_of_report": filing.report_date or None,
        "fiscal_year": filing.fiscal_year,
        "source_url": url,
        "notes": list(notes),
        "sha256": sha,
    }


def _fetched(
    store: FilingStore, entry: dict[str, Any], ref: FilingRef, *, from_cache: bool
) -> FetchedFiling:
    info = {k: v for k, v in entry.items() if k != "sha256"}
    suffix = Path(str(info["source_url"])).suffix or ".htm"
    # A readable name (the output's document.name, batch's file stem), unique per filing.
    name = f"{ref.company}_{info['accession_number']}{suffix}"
    path = store.named(str(entry["sha256"]), f"{info['cik']}/{name}")
    return FetchedFiling(path, info, from_cache, list(info.get("notes", [])))


def load_reference(
    ref: FilingRef, *, offline: bool = False, progress: Callable[[str], None] = lambda _: None
) -> LoadedDocument:
    """Fetch (or find in the cache) and read the filing as any 10-K is read, with its identity."""
    fetched = fetch_filing(ref, offline=offline, progress=progress)
    progress(describe(fetched))
    doc = load_source(str(fetched.path))
    doc.filing = fetched.info
    return doc


def describe(fetched: FetchedFiling) -> str:
    i = fetched.info
    period = f", period {i['period_of_report']}" if i.get("period_of_report") else ""
    fy = f" (fiscal {i['fiscal_year']})" if i.get("fiscal_year") else ""
    where = "cache" if fetched.from_cache else "EDGAR"
    text = (
        f"{i['company_name']} (CIK {i['cik']}) {i['form']} {i['accession_number']} "
        f"filed {i['filing_date']}{period}{fy}, from {where}"
    )
    return "; ".join([text, *fetched.notes])
