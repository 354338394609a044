"""A replayed EDGAR and a CLI runner pointed at it (a subprocess, as a user runs it).

Companies: Apple with its real FY2024 10-K (CIK 320193, accession
0000320193-24-000123, primary document aapl-20240928.htm, as filed); Wells
Fargo with its real FY2024 10-K (CIK 72971 and period from the filing's inline
XBRL cover; the accession number is not in the document, so the one here is a
stand-in). The listings beyond
those real filings (an earlier year, a 10-K405, an amendment, a company with
no 10-K) are scripted for the choice rules; their documents are real filings
from ``tests/data/filings`` too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.edgar.replay_server import Company, EdgarReplay, Filing, serve
from tests.real_texts import filing_bytes

AAPL_2024 = "0000320193-24-000123"
UA = "Jane Doe jane.doe@example.com"


def companies() -> list[Company]:
    aapl = filing_bytes("aapl-10-k-2024-11-01.html")
    wfc = filing_bytes("wfc-10-k-2025-02-25.html")
    medicis = filing_bytes("10-k-1999-0000950153-99-001234.html")
    return [
        Company(
            320193,
            "Apple Inc.",
            ["AAPL"],
            [
                Filing(AAPL_2024, "10-K", "2024-11-01", "2024-09-28", "aapl-20240928.htm", aapl),
                # Scripted: an earlier fiscal year and its amendment.
                Filing(
                    "0000320193-23-000106",
                    "10-K",
                    "2023-11-03",
                    "2023-09-30",
                    "aapl-20230930.htm",
                    medicis,
                ),
                Filing(
                    "0000320193-24-000010",
                    "10-K/A",
                    "2024-01-20",
                    "2023-09-30",
                    "aapl-20230930a.htm",
                    wfc,
                ),
                Filing("0000320193-24-000081", "10-Q", "2024-08-02", "2024-06-29", "q.htm", b"x"),
            ],
        ),
        Company(
            72971,
            "WELLS FARGO & COMPANY/MN",
            ["WFC"],
            [
                Filing(
                    "0000072971-25-000068",
                    "10-K",
                    "2025-02-25",
                    "2024-12-31",
                    "wfc-20241231.htm",
                    wfc,
                ),
                # Scripted: a 10-K405 of 1999 (the form of its day), document from that year.
                Filing("0000950153-99-001234", "10-K405", "1999-03-20", "1998-12-31", "", medicis),
            ],
        ),
        # Scripted: a filer of quarterly and current reports only.
        Company(
            1999999,
            "NO ANNUAL REPORT CO",
            ["NOTK"],
            [Filing("0001999999-24-000001", "8-K", "2024-05-01", "", "e.htm", b"<html/>")],
        ),
    ]


@pytest.fixture
def edgar() -> Iterator[EdgarReplay]:
    with serve(EdgarReplay(companies())) as replay:
        yield replay


@pytest.fixture
def cli(edgar: EdgarReplay, tmp_path: Path):
    cache = tmp_path / "edgar-cache"

    def run(
        *args: str, user_agent: str | None = UA, timeout: float = 900, **env: str
    ) -> subprocess.CompletedProcess:
        environ = {
            k: v
            for k, v in os.environ.items()
            if k not in ("EXTRACTOR_SEC_USER_AGENT", "EDGAR_IDENTITY", "EDGAR_LOCAL_DATA_DIR")
        }
        environ.update(
            PYTHONPATH=str(ROOT),
            EXTRACTOR_EDGAR_CACHE_DIR=str(cache),  # the model stays in the usual cache
            EDGAR_BASE_URL=edgar.url,
            EDGAR_DATA_URL=edgar.url,
        )
        environ.update(env)
        if user_agent is not None:
            environ["EXTRACTOR_SEC_USER_AGENT"] = user_agent
        return subprocess.run(
            [sys.executable, "-m", "extractor", *args],
            capture_output=True,
            text=True,
            env=environ,
            timeout=timeout,
        )

    run.cache = cache  # type: ignore[attr-defined]
    return run


def one_line_error(proc: subprocess.CompletedProcess, code: int, needle: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert needle in lines[0], lines[0]
