"""The EDGAR identity of a fetched document reaches the database, keyed for joins."""

from __future__ import annotations

from extractor.cli import main
from extractor.core.schema import FilingInfo, Output
from tests.conftest import EXAMPLES

FILING = FilingInfo(
    company_name="Apple Inc.",
    cik=320193,
    form="10-K",
    accession_number="0000320193-24-000123",
    filing_date="2024-11-01",
    period_of_report="2024-09-28",
    fiscal_year=2024,
    source_url="https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm",
)


def test_filing_row_joins_facts_by_cik_and_accession(db, tmp_path):
    url, dump = db
    output = Output.model_validate_json((EXAMPLES / "SONM_2022_item1.out.json").read_text())
    output.document.filing = FILING
    fetched = tmp_path / "fetched.out.json"
    fetched.write_text(output.model_dump_json(indent=2))
    plain = EXAMPLES / "AMCR_2023_item1.out.json"  # a local file: no filing row
    assert main(["export", str(fetched), str(plain), "--db", url]) == 0
    rows = dump()
    assert len(rows["filings"]) == 1
    sha, version, cik, accession, name, form, filed, period, fy, source = rows["filings"][0]
    assert (sha, version) == (output.document.sha256, output.schema_version)
    assert (int(cik), accession, form, filed, period) == (
        320193,
        "0000320193-24-000123",
        "10-K",
        "2024-11-01",
        "2024-09-28",
    )
    assert name == "Apple Inc." and int(fy) == 2024 and source == FILING.source_url
    facts_of_filing = [f for f in rows["facts"] if f[0] == sha]
    assert len(facts_of_filing) == len(output.facts) > 0
    # Reloading replaces, never duplicates.
    assert main(["export", str(fetched), "--db", url]) == 0
    assert len(dump()["filings"]) == 1
