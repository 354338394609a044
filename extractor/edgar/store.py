"""The on-disk cache of EDGAR filings, under the extractor's cache root.

- ``blobs/ab/<sha256>``: documents, content-addressed (a file is its hash).
- ``filings/<cik>/<accession>.json``: one filing's identity and its blob's
  sha256. A filing never changes once accepted, so it is never downloaded
  again.
- ``refs/<key>.json``: which filing a reference meant (company, form, year or
  accession). A fiscal year or an accession means the same filing forever;
  "the latest" is trusted for ``LATEST_MAX_AGE`` seconds, then asked again.
  ``--offline`` trusts every entry whatever its age.

Every file is written to a temporary name and renamed: a killed run leaves
whole entries or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

LATEST_MAX_AGE = 24 * 3600


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class FilingStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def blob_path(self, sha256: str) -> Path:
        return self.root / "blobs" / sha256[:2] / sha256

    def put_blob(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self.blob_path(sha)
        if not path.exists():
            _write(path, data)
        return sha

    def named(self, sha256: str, relative: str) -> Path:
        """A link named ``relative`` to a blob (a copy where links are not allowed)."""
        path = self.root / "named" / relative
        if path.exists() and path.stat().st_size == self.blob_path(sha256).stat().st_size:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            os.link(self.blob_path(sha256), tmp)
        except OSError:
            _write(tmp, self.blob_path(sha256).read_bytes())
        os.replace(tmp, path)
        return path

    def has_blob(self, sha256: str) -> bool:
        path = self.blob_path(sha256)
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
        except OSError:
            return False

    def filing(self, cik: int, accession: str) -> dict[str, Any] | None:
        entry = _read_json(self.root / "filings" / str(cik) / f"{accession}.json")
        if entry is None or not self.has_blob(str(entry.get("sha256", ""))):
            return None  # a metadata entry without its document is a miss
        return entry

    def put_filing(self, cik: int, accession: str, entry: dict[str, Any]) -> None:
        path = self.root / "filings" / str(cik) / f"{accession}.json"
        _write(path, json.dumps(entry, indent=2).encode("utf-8"))

    @staticmethod
    def ref_key(company: str, form: str, year: int | None, accession: str | None) -> str:
        material = json.dumps([company.upper(), form.upper(), year, accession])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]

    def ref(self, key: str, *, any_age: bool) -> dict[str, Any] | None:
        entry = _read_json(self.root / "refs" / f"{key}.json")
        if entry is None:
            return None
        stable = entry.get("stable", False)
        fresh = time.time() - float(entry.get("saved_at", 0)) < LATEST_MAX_AGE
        return entry if any_age or stable or fresh else None

    def put_ref(self, key: str, cik: int, accession: str, *, stable: bool) -> None:
        entry = {"cik": cik, "accession": accession, "stable": stable, "saved_at": time.time()}
        _write(self.root / "refs" / f"{key}.json", json.dumps(entry).encode("utf-8"))
