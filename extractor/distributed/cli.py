"""The hook ``extractor batch --ray`` calls: its options turned into a cluster run."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from extractor.batch import DocumentResult, RunSettings
from extractor.distributed.driver import WorkerSpec, print_note, run_on_ray
from extractor.filings.load import LoadedDocument
from extractor.providers.cache import ResponseCache
from extractor.providers.spec import ModelSpec


def run_on_cluster(
    address: str,
    model: ModelSpec,
    results: list[DocumentResult],
    texts: dict[str, LoadedDocument],
    settings: RunSettings,
    on_start: Callable[[DocumentResult, str], None],
    on_finish: Callable[[DocumentResult], None],
    progress: Callable[[str], None],
) -> list[DocumentResult]:
    """``progress``: which documents still run (the caller may silence it); the
    driver's notes (a document run again, where documents ran) are always printed."""
    # Workers run elsewhere, in other folders: hand them absolute paths.
    settings = dataclasses.replace(settings, out_dir=settings.out_dir.resolve())
    if model.cache is not None:
        model = dataclasses.replace(model, cache=ResponseCache(model.cache.directory.resolve()))
    spec = WorkerSpec(model=model, settings=settings, jobs=settings.jobs)
    return run_on_ray(
        address, results, texts, spec, on_start, on_finish, note=print_note, progress=progress
    )
