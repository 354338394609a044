"""EDGAR replayed on loopback, in the SEC's documented formats, for the fetch tests.

It serves what a client of EDGAR requests, on one host standing in for both
``www.sec.gov`` and ``data.sec.gov``:

- ``/files/company_tickers.json``: ``{"0": {"cik_str", "ticker", "title"}, ...}``
- ``/submissions/CIK##########.json``: ``cik``, ``name``, ``tickers`` and
  ``filings.recent`` as parallel arrays (``accessionNumber``, ``filingDate``,
  ``reportDate``, ``form``, ``primaryDocument``, ...), ``filings.files`` empty
- ``/Archives/edgar/data/{cik}/{accession without dashes}/index.json``: the
  directory listing (``directory.item[]`` with ``name``, ``type``, ``size``)
- ``/Archives/edgar/data/{cik}/{accession without dashes}/{document}``

The documents are the real filings in ``tests/data/filings/`` (see the
manifest there), under the CIK and accession number they were filed with
where the filing itself or its file name says so. Every request is recorded
(path and User-Agent); ``fail_next`` scripts error answers (429, 403, 500).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Filing:
    accession: str  # 0000320193-24-000123
    form: str
    filing_date: str
    report_date: str
    primary_document: str
    content: bytes

    @property
    def folder(self) -> str:
        return self.accession.replace("-", "")


@dataclass
class Company:
    cik: int
    name: str
    tickers: list[str]
    filings: list[Filing] = field(default_factory=list)

    def submissions(self) -> dict[str, object]:
        # Newest first, as EDGAR lists them.
        rows = sorted(self.filings, key=lambda f: f.filing_date, reverse=True)
        recent = {
            "accessionNumber": [f.accession for f in rows],
            "filingDate": [f.filing_date for f in rows],
            "reportDate": [f.report_date for f in rows],
            "acceptanceDateTime": [f"{f.filing_date}T16:30:00.000Z" for f in rows],
            "act": ["34" for _ in rows],
            "form": [f.form for f in rows],
            "fileNumber": ["" for _ in rows],
            "filmNumber": ["" for _ in rows],
            "items": ["" for _ in rows],
            "size": [len(f.content) for f in rows],
            "isXBRL": [0 for _ in rows],
            "isInlineXBRL": [0 for _ in rows],
            "primaryDocument": [f.primary_document for f in rows],
            "primaryDocDescription": [f.form for f in rows],
        }
        return {
            "cik": str(self.cik),
            "entityType": "operating",
            "sic": "",
            "sicDescription": "",
            "insiderTransactionForOwnerExists": 0,
            "insiderTransactionForIssuerExists": 0,
            "ein": "",
            "description": "",
            "website": "",
            "investorWebsite": "",
            "category": "",
            "fiscalYearEnd": "",
            "stateOfIncorporation": "",
            "stateOfIncorporationDescription": "",
            "addresses": {"mailing": _ADDRESS, "business": _ADDRESS},
            "phone": "",
            "flags": "",
            "formerNames": [],
            "name": self.name,
            "tickers": self.tickers,
            "exchanges": ["" for _ in self.tickers],
            "filings": {"recent": recent, "files": []},
        }


_ADDRESS = {
    "street1": "",
    "street2": None,
    "city": "",
    "stateOrCountry": "",
    "zipCode": "",
    "stateOrCountryDescription": "",
    "isForeignLocation": 0,
    "foreignStateTerritory": None,
    "country": None,
    "countryCode": None,
}


@dataclass
class Fault:
    path: re.Pattern[str]
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class EdgarReplay:
    def __init__(self, companies: list[Company]) -> None:
        self.companies = {c.cik: c for c in companies}
        self.requests: list[tuple[str, str]] = []  # (path, user agent)
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self.url = ""

    def fail_next(self, path_regex: str, status: int, **headers: str) -> None:
        """The next request whose path matches gets ``status`` (once per call)."""
        self.faults.append(Fault(re.compile(path_regex), status, headers))

    def paths(self) -> list[str]:
        with self.lock:
            return [p for p, _ in self.requests]

    def _tickers(self) -> bytes:
        rows: dict[str, object] = {}
        for company in self.companies.values():
            for ticker in company.tickers:
                rows[str(len(rows))] = {
                    "cik_str": company.cik,
                    "ticker": ticker,
                    "title": company.name,
                }
        return json.dumps(rows).encode()

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if path == "/files/company_tickers.json":
            return 200, {"Content-Type": "application/json"}, self._tickers()
        if path == "/files/company_tickers_mf.json":  # funds: none here
            fields = ["cik", "seriesId", "classId", "symbol"]
            return (
                200,
                {"Content-Type": "application/json"},
                json.dumps({"fields": fields, "data": []}).encode(),
            )
        m = re.fullmatch(r"/submissions/CIK(\d{10})\.json", path)
        if m:
            company = self.companies.get(int(m.group(1)))
            if company is None:
                return 404, {}, b"Not Found"
            return (
                200,
                {"Content-Type": "application/json"},
                json.dumps(company.submissions()).encode(),
            )
        m = re.fullmatch(r"/Archives/edgar/data/(\d+)/(\d{18})/([^/]+)", path)
        if m:
            company = self.companies.get(int(m.group(1)))
            filing = next(
                (f for f in (company.filings if company else []) if f.folder == m.group(2)),
                None,
            )
            if filing is None or company is None:
                return 404, {}, b"Not Found"
            if m.group(3) == "index.json":
                listing = {
                    "directory": {
                        "name": f"/Archives/edgar/data/{company.cik}/{filing.folder}",
                        "parent-dir": f"/Archives/edgar/data/{company.cik}",
                        "item": [
                            {
                                "name": filing.primary_document,
                                "type": "text.gif",
                                "size": str(len(filing.content)),
                            }
                        ],
                    }
                }
                return 200, {"Content-Type": "application/json"}, json.dumps(listing).encode()
            # Before 2001 EDGAR lists no primary document; the full submission is it.
            if m.group(3) == (filing.primary_document or f"{filing.accession}.txt"):
                return 200, {"Content-Type": "text/html"}, filing.content
        return 404, {}, b"Not Found"


class _Handler(BaseHTTPRequestHandler):
    replay: EdgarReplay

    def log_message(self, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        replay = self.replay
        path = self.path.split("?", 1)[0]
        with replay.lock:
            replay.requests.append((path, self.headers.get("User-Agent", "")))
            fault = next((f for f in replay.faults if f.path.search(path)), None)
            if fault is not None:
                replay.faults.remove(fault)
        if fault is not None:
            status, headers, body = fault.status, fault.headers, b"Request Rate Threshold Exceeded"
        else:
            status, headers, body = replay.answer(path)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(replay: EdgarReplay) -> Iterator[EdgarReplay]:
    handler = type("Handler", (_Handler,), {"replay": replay})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
