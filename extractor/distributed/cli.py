"""The hook ``extractor batch --ray`` calls: its options turned into a cluster run."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable

from extractor.batch import DocumentResult, RunSettings
from extractor.distributed.driver import WorkerSpec, print_note, run_on_ray
from extractor.filings.load import LoadedDocument
from extractor.providers.cache import ResponseCache


def run_on_cluster(
    args: argparse.Namespace,
    results: list[DocumentResult],
    texts: dict[str, LoadedDocument],
    settings: RunSettings,
    cache: ResponseCache | None,
    on_finish: Callable[[DocumentResult], None],
) -> list[DocumentResult]:
    # Workers run elsewhere, in other folders: hand them absolute paths.
    settings = dataclasses.replace(settings, out_dir=settings.out_dir.resolve())
    spec = WorkerSpec(
        model=args.model,
        base_url=args.base_url,
        cache_dir=str(cache.directory.resolve()) if cache else None,
        settings=settings,
        jobs=args.jobs,
    )
    return run_on_ray(args.ray, results, texts, spec, on_finish=on_finish, note=print_note)
