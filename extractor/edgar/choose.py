"""Which filing a reference means: pure rules over a company's filing list.

A user asks for "the 10-K" of a company, optionally for a fiscal year or by
accession number. Rules, as an analyst expects them:

- ``10-K405`` (used until 2002 when an insider-reporting box was ticked) is a
  10-K: it is chosen like one and said in the output.
- An amendment (``10-K/A``) is chosen only when asked for by accession number
  or with ``--form 10-K/A``: most amendments carry only Part III or an exhibit,
  not Item 1. When the original was amended later, the output says so.
- The fiscal year is the year in which the period of report (``reportDate``)
  ends, except a 52/53-week year that spills into the first days of January
  (ending 2023-01-01 is "fiscal 2022", as its company names it). Companies
  whose year ends later in January or in February differ in how they name it;
  the error for a year without a filing lists the fiscal years there are.
  Without a report date the filing date's year minus one stands in.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.errors import InputError

# Forms that are the annual report itself, by the form asked for.
_ORIGINALS = {"10-K": ("10-K", "10-K405", "10-KT"), "10-K405": ("10-K405",)}
_SPILL_DAYS = 7


@dataclass(frozen=True)
class FilingRecord:
    accession: str
    form: str
    filing_date: str  # YYYY-MM-DD
    report_date: str  # YYYY-MM-DD or ""
    primary_document: str

    @property
    def fiscal_year(self) -> int | None:
        if self.report_date:
            year, month, day = (int(x) for x in self.report_date.split("-"))
            # 52/53-week years spilling a few days into January keep the year before's name.
            return year - 1 if month == 1 and day <= _SPILL_DAYS else year
        if self.filing_date:
            return int(self.filing_date[:4]) - 1
        return None


@dataclass(frozen=True)
class Choice:
    filing: FilingRecord
    notes: list[str]  # what the user should know about the choice


def normalise_accession(raw: str) -> str:
    digits = raw.replace("-", "").strip()
    if not digits.isdigit() or len(digits) != 18:
        raise InputError(
            f"--accession {raw!r}: expected an accession number like 0000320193-24-000123"
        )
    return f"{digits[:10]}-{digits[10:12]}-{digits[12:]}"


def choose_filing(
    filings: list[FilingRecord],
    *,
    company: str,
    form: str = "10-K",
    year: int | None = None,
    accession: str | None = None,
) -> Choice:
    """The filing meant, newest first on ties; ``InputError`` with the reason if none."""
    if accession is not None:
        wanted = normalise_accession(accession)
        match = next((f for f in filings if f.accession == wanted), None)
        if match is None:
            raise InputError(f"{company}: no filing with accession number {wanted}")
        notes = _notes(match, filings)
        if not match.form.startswith("10-K"):
            raise InputError(f"{company}: {wanted} is a {match.form}, not a 10-K")
        return Choice(match, notes)
    form = form.upper()
    accepted = _ORIGINALS.get(form, (form,))
    candidates = [f for f in filings if f.form.upper() in accepted]
    if not candidates:
        kinds = sorted({f.form for f in filings if f.form.upper().startswith("10-K")})
        have = f" (it has {', '.join(kinds)} only)" if kinds else ""
        raise InputError(f"{company}: no {form} filing on EDGAR{have}")
    candidates.sort(key=lambda f: (f.filing_date, f.accession), reverse=True)
    if year is not None:
        in_year = [f for f in candidates if f.fiscal_year == year]
        if not in_year:
            years = sorted({f.fiscal_year for f in candidates if f.fiscal_year}, reverse=True)
            listed = ", ".join(str(y) for y in years[:8])
            raise InputError(
                f"{company}: no {form} for fiscal year {year} (fiscal years: {listed})"
            )
        candidates = in_year
    chosen = candidates[0]
    return Choice(chosen, _notes(chosen, filings))


def _notes(chosen: FilingRecord, filings: list[FilingRecord]) -> list[str]:
    notes: list[str] = []
    if chosen.form.upper() == "10-K405":
        notes.append(
            "form 10-K405: a 10-K whose cover marks a late insider report (used until 2002)"
        )
    if chosen.form.upper().endswith("/A"):
        notes.append(f"{chosen.form} is an amendment: it may not restate Item 1")
    else:
        amended = [
            f
            for f in filings
            if f.form.upper() == f"{chosen.form.upper()}/A"
            and f.filing_date >= chosen.filing_date
            and (not f.report_date or f.report_date == chosen.report_date)
        ]
        for a in sorted(amended, key=lambda f: f.filing_date):
            notes.append(
                f"amended by {a.form} {a.accession} filed {a.filing_date}; "
                f"the original is used (pass --accession {a.accession} for the amendment)"
            )
    return notes
