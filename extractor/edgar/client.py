"""EDGAR over the network, through edgartools, with SEC fair access enforced here.

edgartools resolves the company (ticker map, ``/submissions/CIK##########.json``)
and downloads documents with its throttle (9 requests a second, under the
SEC's 10) and the User-Agent given. This module adds what the CLI needs on
top: the identity from the environment (refused with one line if missing),
backoff on 429 and 403 with the wait said on stderr, and foreign errors
mapped to ours in one place.

edgartools reads its settings from the environment when first imported, so
they are set here before that import: ``EDGAR_BASE_URL`` / ``EDGAR_DATA_URL``
(a mirror, or the tests' replay server) pass through, its own HTTP cache goes
under the extractor's cache root, and its rate stays at or below 9/s.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from extractor.edgar.choose import FilingRecord
from extractor.errors import ExtractorError, InputError
from extractor.extras import install_hint

USER_AGENT_ENV = "EXTRACTOR_SEC_USER_AGENT"
EDGARTOOLS_IDENTITY_ENV = "EDGAR_IDENTITY"
# The annual-report family: originals and amendments (choose.py picks among them).
ANNUAL_FORMS = ("10-K", "10-K/A", "10-K405", "10-K405/A", "10-KT", "10-KT/A")
MAX_RATE = 9  # requests a second; the SEC allows 10
BACKOFF_STATUSES = (429, 403)
MAX_ATTEMPTS = 4
MAX_WAIT = 600.0  # the SEC blocks an abusive client for about 10 minutes
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
T = TypeVar("T")


class EdgarUnavailableError(ExtractorError):
    """EDGAR could not be reached or kept refusing (exit 3, like a model endpoint)."""


def user_agent() -> str:
    """``"Name email"`` from the environment, or one clear ``InputError``."""
    value = (
        os.environ.get(USER_AGENT_ENV) or os.environ.get(EDGARTOOLS_IDENTITY_ENV) or ""
    ).strip()
    if not value:
        raise InputError(
            f'set {USER_AGENT_ENV} to your name and e-mail (e.g. "Jane Doe jane@example.com"): '
            "the SEC requires it in the User-Agent of every request"
        )
    if not _EMAIL.search(value) or len(value.split()) < 2:
        raise InputError(
            f"{USER_AGENT_ENV}={value!r}: the SEC asks for a name and an e-mail address, "
            'e.g. "Jane Doe jane@example.com"'
        )
    return value


def _prepare_environment(cache_root: Path, identity: str) -> None:
    os.environ[EDGARTOOLS_IDENTITY_ENV] = identity
    os.environ.setdefault("EDGAR_LOCAL_DATA_DIR", str(cache_root / "edgartools"))
    try:
        rate = int(os.environ.get("EDGAR_RATE_LIMIT_PER_SEC", MAX_RATE))
    except ValueError:
        rate = MAX_RATE
    os.environ["EDGAR_RATE_LIMIT_PER_SEC"] = str(max(1, min(rate, MAX_RATE)))


def _import_edgar() -> Any:
    try:
        import edgar
    except ImportError as exc:  # the optional extra is not installed
        raise InputError(f"fetching from EDGAR needs edgartools: {install_hint('edgar')}") from exc
    return edgar


@dataclass
class CompanyFilings:
    cik: int
    name: str
    filings: list[FilingRecord]


class EdgarClient:
    def __init__(
        self,
        cache_root: Path,
        *,
        progress: Callable[[str], None],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.identity = user_agent()
        _prepare_environment(cache_root, self.identity)
        self.edgar = _import_edgar()
        self.progress = progress
        self.sleep = sleep

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one edgartools call; back off on 429/403, map failures to ours."""
        from edgar.exceptions import TooManyRequestsError

        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return fn()
            except ExtractorError:
                raise  # ours already (unknown company): says what it is
            except TooManyRequestsError as exc:
                status, retry_after = 429, getattr(exc, "retry_after", None)
            except Exception as exc:
                status = _status(exc)
                if status not in BACKOFF_STATUSES:
                    raise _mapped(what, exc, status) from exc
                retry_after = _retry_after(exc)
            wait = float(retry_after) if retry_after else 2.0**attempt * 5
            if wait > MAX_WAIT:
                raise EdgarUnavailableError(
                    f"EDGAR answered {status} to {what} and asks to wait {wait:g} s; "
                    "run again later"
                )
            if attempt == MAX_ATTEMPTS:
                raise EdgarUnavailableError(
                    f"EDGAR answered {status} to {what} {attempt} times in a row (rate limit or "
                    "User-Agent refused); wait about 10 minutes and run again"
                )
            self.progress(
                f"EDGAR answered {status} to {what}; waiting {wait:g} s before retrying "
                f"(attempt {attempt + 1} of {MAX_ATTEMPTS})"
            )
            self.sleep(wait)
        raise AssertionError("unreachable")

    def company_filings(self, reference: str) -> CompanyFilings:
        """The company a ticker or CIK names, with its 10-K family filings."""
        from edgar.exceptions import CompanyNotFoundError

        edgar = self.edgar
        key: int | str = int(reference) if reference.isdigit() else reference.upper()

        def load() -> CompanyFilings:
            try:
                company = edgar.Company(key)
            except CompanyNotFoundError as exc:
                raise InputError(
                    f"{reference}: no company with this ticker or CIK on EDGAR"
                ) from exc
            if getattr(company, "not_found", False) or not company.cik or company.cik < 0:
                raise InputError(f"{reference}: no company with this ticker or CIK on EDGAR")
            rows = company.get_filings(form=list(ANNUAL_FORMS), amendments=True)
            filings = [
                FilingRecord(
                    accession=f.accession_no,
                    form=f.form,
                    filing_date=str(f.filing_date),
                    report_date=str(f.report_date or ""),
                    primary_document=f.primary_document or "",
                )
                for f in rows
                if str(f.form).upper().startswith("10-K")
            ]
            return CompanyFilings(int(company.cik), str(company.name), filings)

        return self._call(f"company {reference}", load)

    def download(self, url: str) -> bytes:
        from edgar.httprequests import download_file

        data = self._call(f"the document {url}", lambda: download_file(url, as_text=False))
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not data:
            raise EdgarUnavailableError(f"EDGAR sent an empty document for {url}")
        return bytes(data)

    def archives_url(self) -> str:
        from edgar.config import SEC_ARCHIVE_URL

        return str(SEC_ARCHIVE_URL)


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    code = getattr(response, "status_code", None)
    return int(code) if isinstance(code, int) else None


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    raw = getattr(response, "headers", {}).get("Retry-After") if response is not None else None
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def _mapped(what: str, exc: BaseException, status: int | None) -> ExtractorError:
    if status == 404:
        hint = ": check the ticker or CIK" if what.startswith("company") else ""
        return InputError(f"EDGAR has no {what} (404){hint}")
    if status is not None:
        return EdgarUnavailableError(f"EDGAR answered {status} to {what}")
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return EdgarUnavailableError(
        f"cannot reach EDGAR for {what}: {reason}; --offline uses the cache"
    )
