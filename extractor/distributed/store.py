"""Where a cluster run's files go: one writer, on the driver, whole files only.

Workers never write: they hand each output back to the driver, which stores it
under its document's name. Every file is put whole (a temporary sibling, then a
rename), so a reader, a resumed run or a retried document sees a complete file
or none. The runner talks to DEST only through ``put`` and ``delete``; an object
store is a second class with these two methods over an fsspec filesystem
(``fs.pipe``/``fs.rm``: a PUT is already all-or-nothing, so no rename is needed).
"""

from __future__ import annotations

from pathlib import Path

from extractor.documents import write_atomic


class LocalStore:
    """DEST as a folder on a local or shared (NFS, SMB) filesystem."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, name: str, text: str) -> None:
        write_atomic(self.root / name, text)

    def delete(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)
