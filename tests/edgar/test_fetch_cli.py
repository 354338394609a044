"""``extractor fetch`` against a replayed EDGAR: resolution, choice, cache, faults."""

from __future__ import annotations

import json

from tests.edgar.conftest import AAPL_2024, UA, one_line_error

DOC = f"/Archives/edgar/data/320193/{AAPL_2024.replace('-', '')}/aapl-20240928.htm"


def test_ticker_resolves_to_the_latest_10k_with_its_identity(cli, edgar, tmp_path):
    proc = cli("fetch", "aapl", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    described, path = proc.stdout.strip().splitlines()
    assert f"Apple Inc. (CIK 320193) 10-K {AAPL_2024} filed 2024-11-01" in described
    assert "period 2024-09-28 (fiscal 2024), from EDGAR" in described
    assert path.endswith(f"AAPL_{AAPL_2024}.htm")
    shipped = (edgar.companies[320193].filings[0]).content
    assert (tmp_path / "out" / f"AAPL_{AAPL_2024}.htm").read_bytes() == shipped
    assert "/submissions/CIK0000320193.json" in edgar.paths()
    assert DOC in edgar.paths()
    # Fair access: every request carried the identity from the environment.
    assert {ua for _, ua in edgar.requests} == {UA}


def test_cik_resolves_like_the_ticker(cli, edgar):
    proc = cli("fetch", "0000320193")
    assert proc.returncode == 0, proc.stderr
    assert AAPL_2024 in proc.stdout
    assert "/submissions/CIK0000320193.json" in edgar.paths()


def test_fiscal_year_picks_that_years_original_and_names_the_amendment(cli, edgar):
    proc = cli("fetch", "AAPL:2023")
    assert proc.returncode == 0, proc.stderr
    assert "0000320193-23-000106" in proc.stdout and "(fiscal 2023)" in proc.stdout
    # The later 10-K/A of that year is said, not silently taken or ignored.
    assert "amended by 10-K/A 0000320193-24-000010 filed 2024-01-20" in proc.stdout
    assert "/Archives/edgar/data/320193/000032019323000106/aapl-20230930.htm" in edgar.paths()


def test_amendment_by_accession_is_fetched_and_flagged(cli, edgar):
    proc = cli("fetch", "AAPL", "--accession", "000032019324000010")
    assert proc.returncode == 0, proc.stderr
    assert "10-K/A 0000320193-24-000010" in proc.stdout
    assert "is an amendment: it may not restate Item 1" in proc.stdout


def test_10k405_counts_as_a_10k_and_is_said(cli, edgar):
    proc = cli("fetch", "WFC", "--year", "1998")
    assert proc.returncode == 0, proc.stderr
    assert "10-K405 0000950153-99-001234" in proc.stdout
    assert "form 10-K405" in proc.stdout
    # No primary document listed (pre-2001): the full submission is fetched.
    assert "/Archives/edgar/data/72971/000095015399001234/0000950153-99-001234.txt" in edgar.paths()


def test_company_without_10k_is_one_clear_line(cli):
    one_line_error(cli("fetch", "NOTK"), 2, "no 10-K filing on EDGAR")


def test_unknown_ticker_and_year_are_one_clear_line(cli):
    one_line_error(cli("fetch", "ZZZZ"), 2, "ZZZZ")
    one_line_error(cli("fetch", "AAPL", "--year", "2001"), 2, "no 10-K for fiscal year 2001")
    one_line_error(cli("fetch", "AAPL", "--accession", "12-3"), 2, "accession number like")


def test_missing_user_agent_refused_before_any_request(cli, edgar):
    one_line_error(cli("fetch", "AAPL", user_agent=None), 2, "set EXTRACTOR_SEC_USER_AGENT")
    one_line_error(cli("fetch", "AAPL", user_agent="anonymous"), 2, "name and an e-mail")
    assert edgar.paths() == []


def test_429_then_success_waits_as_told_and_says_so(cli, edgar):
    edgar.fail_next(r"aapl-20240928\.htm$", 429, **{"Retry-After": "1"})
    proc = cli("fetch", "AAPL")
    assert proc.returncode == 0, proc.stderr
    assert "EDGAR answered 429" in proc.stderr and "waiting 1 s before retrying" in proc.stderr
    assert edgar.paths().count(DOC) == 2


def test_endless_429_gives_up_with_exit_3(cli, edgar):
    for _ in range(4):
        edgar.fail_next(r"/submissions/", 429, **{"Retry-After": "1"})
    proc = cli("fetch", "AAPL")
    assert proc.returncode == 3, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert [ln for ln in lines if "waiting 1 s" in ln][-1].endswith("(attempt 4 of 4)")
    assert "429 to company AAPL 4 times in a row" in lines[-1] and "Traceback" not in proc.stderr


def test_403_backs_off_too(cli, edgar):
    edgar.fail_next(r"/submissions/", 403, **{"Retry-After": "1"})
    proc = cli("fetch", "AAPL")
    assert proc.returncode == 0, proc.stderr
    assert "EDGAR answered 403" in proc.stderr


def test_second_run_makes_no_request_and_offline_uses_the_cache(cli, edgar):
    assert cli("fetch", "AAPL:2024").returncode == 0
    first = len(edgar.requests)
    again = cli("fetch", "AAPL:2024")
    assert again.returncode == 0 and "from cache" in again.stdout
    assert len(edgar.requests) == first  # nothing asked again
    offline = cli("fetch", "AAPL:2024", "--offline", user_agent=None)
    assert offline.returncode == 0 and AAPL_2024 in offline.stdout
    assert len(edgar.requests) == first
    one_line_error(cli("fetch", "WFC", "--offline"), 2, "--offline")
    assert len(edgar.requests) == first
    # The cached document is content-addressed and whole.
    meta = json.loads(next((cli.cache / "filings" / "320193").glob("*.json")).read_text())
    blob = cli.cache / "blobs" / meta["sha256"][:2] / meta["sha256"]
    assert blob.read_bytes() == edgar.companies[320193].filings[0].content


def test_no_network_is_exit_3(cli):
    proc = cli(
        "fetch", "AAPL", EDGAR_BASE_URL="http://127.0.0.1:9", EDGAR_DATA_URL="http://127.0.0.1:9"
    )
    one_line_error(proc, 3, "cannot reach EDGAR")


def test_batch_fetches_reference_lines_and_fails_bad_ones_alone(cli, edgar, tmp_path):
    refs = tmp_path / "tickers.txt"
    refs.write_text("# fiscal years as TICKER:FY\nAAPL:2024\nNOTK\n")
    out = tmp_path / "out"
    # An unreachable model endpoint: the fetched filing gets as far as the model.
    proc = cli("batch", str(refs), "--out", str(out), "--base-url", "http://127.0.0.1:9/v1")
    assert "Traceback" not in proc.stderr
    assert DOC in edgar.paths()
    failed = {p.name: json.loads(p.read_text()) for p in out.glob("*.error.json")}
    assert "no 10-K filing on EDGAR" in failed["NOTK.error.json"]["reason"]
    fetched = failed[f"AAPL_{AAPL_2024}.error.json"]
    assert fetched["source"].endswith(f"AAPL_{AAPL_2024}.htm")
    assert proc.returncode != 0


def test_rate_limit_is_never_raised_above_nine(monkeypatch, tmp_path):
    from extractor.edgar.client import _prepare_environment

    monkeypatch.setenv("EDGAR_RATE_LIMIT_PER_SEC", "50")
    monkeypatch.delenv("EDGAR_LOCAL_DATA_DIR", raising=False)
    monkeypatch.delenv("EDGAR_IDENTITY", raising=False)
    _prepare_environment(tmp_path, UA)
    import os

    assert os.environ["EDGAR_RATE_LIMIT_PER_SEC"] == "9"
    assert os.environ["EDGAR_IDENTITY"] == UA
    assert os.environ["EDGAR_LOCAL_DATA_DIR"] == str(tmp_path / "edgartools")


def test_batch_on_tickers_counts_every_document_once(cli, edgar, tmp_path):
    from tests.batch.fake_openai import fake_server

    out = tmp_path / "out"
    args = ("batch", "AAPL", "WFC", "NOTK", "--out", str(out))
    with fake_server() as server:
        first = cli(*args, "--base-url", server.base_url, EXTRACTOR_CACHE_DIR=str(tmp_path / "c"))
        again = cli(*args, "--base-url", server.base_url, EXTRACTOR_CACHE_DIR=str(tmp_path / "c"))
    # The count adds up: what is done, what runs, what failed before running (NOTK).
    assert "3 documents: 0 already done, 2 to run, 1 failed before running" in first.stderr
    assert len(list(out.glob("*.out.json"))) == 2
    assert "3 documents: 2 already done, 0 to run, 1 failed before running" in again.stderr
    assert first.returncode == again.returncode == 1  # NOTK failed
