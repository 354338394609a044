"""Benchmark the pipeline against two peers on one embedded model server, same docs, same run.

Usage (from the repository root)::

    nice -n 19 .venv/bin/python bench/run_bench.py \
        --docs AMCR_2023 FASC_2009 HD_2024 NTAP_2021 SONM_2022 \
        --systems pipeline plain langextract --out bench/results/

    # smoke run on a cut document
    nice -n 19 .venv/bin/python bench/run_bench.py --docs SONM_2022 --truncate 4000 \
        --out /tmp/bench-smoke

One llama.cpp server (``--ctx`` tokens, one slot) serves every system. At the
start it measures the model's prompt and generation rates; per document it
counts the document's tokens with the server's tokenizer, and reports each
system's seconds, LLM calls and tokens, its time as a ratio to the limit
(document tokens / prompt rate) and the measures of :mod:`bench.scoring`.
Outputs go to ``OUT/outputs/``, the report to ``OUT/report.md`` and
``OUT/report.json`` (rewritten after every document, so a long run that is
stopped keeps what it measured). langextract needs ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import peers, report, scoring
from bench.meter import LlamaHttp, Meter, measure_rates
from extractor.cli._io import write_atomic
from extractor.documents import load_source
from extractor.errors import ExtractorError
from extractor.providers.llama_cpp.model_files import ensure_model_file
from extractor.providers.llama_cpp.server import LocalServer

SYSTEMS = ("pipeline", "plain", "langextract")
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SEED = EVAL.parent / "seed" / "002_300f2c6a1b8a326d.txt"


class UsageError(Exception):
    """Bad arguments or missing inputs: one line, exit 2, before the model starts."""


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="run_bench.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", nargs="+", required=True, help="names like SONM_2022")
    p.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    p.add_argument("--out", type=Path, default=Path("bench/results"))
    p.add_argument("--docs-dir", type=Path, default=EVAL / "docs")
    p.add_argument("--gold-dir", type=Path, default=EVAL / "gold")
    p.add_argument("--seed", type=Path, default=SEED, help="the original request")
    p.add_argument(
        "--truncate", type=int, default=None, metavar="N", help="cut documents to N chars (smoke)"
    )
    p.add_argument("--ctx", type=int, default=16384, help="server context, for all systems")
    p.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: CPUs)")
    p.add_argument("--plain-max-tokens", type=int, default=700)
    p.add_argument("--lx-chunk-chars", type=int, default=2000, help="langextract max_char_buffer")
    p.add_argument("--lx-max-output-tokens", type=int, default=1024)
    p.add_argument("--rate-prompt-tokens", type=int, default=2000)
    p.add_argument("--rate-gen-tokens", type=int, default=256)
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="record the pipeline's model answers here (replay: extractor batch --cache-dir)",
    )
    args = p.parse_args(argv)
    if args.truncate is not None and args.truncate < 200:
        p.error("--truncate must be at least 200 characters")
    return args


def _load_docs(args: argparse.Namespace) -> list[scoring.BenchDoc]:
    docs = []
    for name in args.docs:
        path = args.docs_dir / f"{name}_item1.txt"
        if not path.is_file():
            raise UsageError(f"{path}: no such document")
        # As a user's run reads it (Item 1 ends before an executive officers section).
        text = load_source(str(path)).text
        if args.truncate:
            text = text[: args.truncate]
        gold_path = args.gold_dir / f"{name}_item1.json"
        gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.is_file() else None
        docs.append(scoring.BenchDoc(name=name, text=text, gold=gold))
    return docs


def _machine(server: LocalServer) -> dict[str, Any]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "gpu": None,
        "model": server.model_path.name,
        "n_ctx": server.n_ctx,
        "threads": server.threads,
        # Other processes on the same cores distort every timing: recorded, not hidden.
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def _run_system(
    system: str,
    doc: scoring.BenchDoc,
    args: argparse.Namespace,
    server: LocalServer,
    http: LlamaHttp,
    seed: str,
    outputs: Path,
) -> tuple[Meter, Path, dict[str, Any]]:
    """Run one system on one document; return its meter, main output file and extras."""
    meter = Meter()
    extra: dict[str, Any] = {}
    if system == "pipeline":
        out = peers.run_pipeline(
            server,
            doc.text,
            f"{doc.name}_item1.txt",
            meter,
            progress=lambda m: _log("  " + m),
            cache_dir=args.cache_dir,
        )
        path = outputs / f"{doc.name}.pipeline.json"
        write_atomic(path, out.model_dump_json(indent=2) + "\n")
    elif system == "plain":
        prompt = peers.build_plain_prompt(seed, doc.text)
        answer = peers.run_plain(http, prompt, meter, max_tokens=args.plain_max_tokens)
        path = outputs / f"{doc.name}.plain.txt"
        write_atomic(path, answer["text"])
        usage = {k: v for k, v in answer.items() if k != "text"}
        # The server's own prompt rate over the whole request: reading this document once.
        timings = answer.get("timings") or {}
        extra["finish_reason"] = answer.get("finish_reason")
        extra["server_prompt_tokens_per_s"] = timings.get("prompt_per_second")
        write_atomic(outputs / f"{doc.name}.plain.usage.json", json.dumps(usage, indent=2) + "\n")
    else:
        raw = peers.run_langextract(
            server,
            doc.text,
            meter,
            max_char_buffer=args.lx_chunk_chars,
            max_output_tokens=args.lx_max_output_tokens,
        )
        converted = peers.langextract_to_output(raw, doc.text, f"{doc.name}_item1.txt")
        path = outputs / f"{doc.name}.langextract.json"
        write_atomic(outputs / f"{doc.name}.langextract.raw.json", json.dumps(raw, indent=2))
        write_atomic(path, json.dumps(converted, indent=2) + "\n")
    return meter, path, extra


def _settings_note(args: argparse.Namespace) -> str:
    parts = [
        "pipeline: extractor defaults (token cap 512), cache_prompt and seed 7 as in the CLI",
        f"plain: the seed request as one user message, temperature 0, max_tokens "
        f"{args.plain_max_tokens}",
    ]
    if "langextract" in args.systems:
        from importlib.metadata import version

        parts.append(
            f"langextract {version('langextract')}: OpenAI provider, temperature 0, "
            f"max_char_buffer {args.lx_chunk_chars}, extraction_passes 1, max_workers 1, "
            f"max_output_tokens {args.lx_max_output_tokens}, 1 few-shot example"
        )
    if args.truncate:
        parts.append(f"documents truncated to {args.truncate} characters")
    return "; ".join(parts) + "."


def run(args: argparse.Namespace) -> int:
    docs = _load_docs(args)
    if not args.seed.is_file():
        raise UsageError(f"{args.seed}: no such seed request")
    seed = args.seed.read_text(encoding="utf-8")
    try:
        peers.build_plain_prompt(seed, "")  # fail now, not after minutes, if the seed is odd
    except ValueError as exc:
        raise UsageError(f"{args.seed}: {exc}") from exc
    if "langextract" in args.systems:
        try:
            import langextract  # noqa: F401
        except ImportError as exc:
            raise UsageError(
                f"langextract is not installed ({exc}); pip install -e '.[bench]'"
            ) from exc
    outputs = args.out / "outputs"
    outputs.mkdir(parents=True, exist_ok=True)

    path = ensure_model_file(progress=_log)
    with LocalServer(path, n_ctx=args.ctx, threads=args.threads) as server:
        _log(f"server ready in {server.startup_seconds:.1f}s (ctx {server.n_ctx})")
        http = LlamaHttp(server.root_url, server.api_key, server.model_name)
        sample = (args.docs_dir / f"{args.docs[0]}_item1.txt").read_text(encoding="utf-8")
        rates = measure_rates(
            http, sample, prompt_tokens=args.rate_prompt_tokens, gen_tokens=args.rate_gen_tokens
        )
        _log(f"rates: prompt {rates.prompt_tokens_per_s} tok/s, gen {rates.gen_tokens_per_s} tok/s")
        result: dict[str, Any] = {
            "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "complete": False,
            "machine": _machine(server),
            "rates": rates.__dict__,
            "settings_note": _settings_note(args),
            "docs": [],
            "records": [],
        }
        for doc in docs:
            tokens = http.count_tokens(doc.text)
            limit = tokens / rates.prompt_tokens_per_s
            result["docs"].append(
                {
                    "name": doc.name,
                    "chars": len(doc.text),
                    "truncated": bool(args.truncate),
                    "tokens": tokens,
                    "limit_seconds": round(limit, 2),
                }
            )
            for system in args.systems:
                _log(f"{doc.name}: {system} ({tokens} tokens, limit {limit:.1f}s)")
                began = time.perf_counter()
                rec: dict[str, Any] = {"doc": doc.name, "system": system, "error": None}
                try:
                    meter, out_path, extra = _run_system(
                        system, doc, args, server, http, seed, outputs
                    )
                    rec["seconds"] = round(time.perf_counter() - began, 2)
                    rec.update(meter.as_dict())
                    rec.update(extra)
                    rec["output"] = str(out_path)
                    rec["score"] = scoring.score(system, doc, out_path)
                except Exception as exc:  # langextract raises its own exception types
                    # One system failing on one document must not lose the rest of the run.
                    rec["seconds"] = round(time.perf_counter() - began, 2)
                    rec["error"] = f"{type(exc).__name__}: {exc}".replace("\n", " ")
                    _log(f"{doc.name}: {system} FAILED: {rec['error'][:300]}")
                    traceback.print_exc(file=sys.stderr)
                rec["limit_seconds"] = round(limit, 2)
                rec["ratio_to_limit"] = round(rec["seconds"] / limit, 2) if limit else None
                _log(f"{doc.name}: {system} done in {rec['seconds']}s")
                result["records"].append(rec)
            _write(args.out, result)
        result["complete"] = True
        _write(args.out, result)
    failed = sum(1 for r in result["records"] if r["error"])
    _log(f"report: {args.out / 'report.md'} ({failed} failed runs)")
    return 1 if failed else 0


def _write(out: Path, result: dict[str, Any]) -> None:
    systems = list(dict.fromkeys(r["system"] for r in result["records"]))
    result["overall"] = report.overall(result["records"], systems)
    write_atomic(out / "report.json", json.dumps(result, indent=2) + "\n")
    write_atomic(out / "report.md", report.render_markdown(result))


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    try:
        return run(args)
    except UsageError as exc:
        print(f"run_bench: {exc}", file=sys.stderr)
        return 2
    except ExtractorError as exc:
        print(f"run_bench: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("run_bench: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
