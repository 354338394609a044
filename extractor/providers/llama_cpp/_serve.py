"""Child-process entry point that runs llama.cpp's OpenAI-compatible server.

Started by :class:`extractor.providers.llama_cpp.server.LocalServer`; not a public CLI::

    python -m extractor.providers.llama_cpp._serve --model PATH --port N --ctx N \
        --threads N --log FILE [--alias NAME] [--verbosity N] [--parent-pid PID]

The API key comes from the environment variable ``EXTRACTOR_LOCAL_API_KEY``
(never argv, so ``ps`` does not show it). The server binds 127.0.0.1 only, with
CORS locked down and the web UI and slots endpoint disabled. The process runs
until its stdin reaches EOF (the parent closed the pipe or died, even by
SIGKILL) or it receives SIGTERM; on Linux it also asks the kernel for SIGTERM
when the parent dies (``PR_SET_PDEATHSIG``).

Exit codes: 0 clean stop, 1 server failed to start, 2 bad invocation,
3 the port was already in use (the parent retries with another port).
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import os
import select
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from types import FrameType

API_KEY_ENV = "EXTRACTOR_LOCAL_API_KEY"
HOST = "127.0.0.1"

EXIT_OK = 0
EXIT_START_FAILED = 1
EXIT_USAGE = 2
EXIT_PORT_IN_USE = 3

_PR_SET_PDEATHSIG = 1
_SHUTDOWN_GRACE_S = 4.0
_SIGNAL_POLL_S = 0.2
_PROMPT_CACHE_MIB = 1024


_stop_signal: str | None = None


def _log(message: str) -> None:
    # stdout is the log file the parent opened for us.
    print(f"[_llama_serve pid={os.getpid()}] {message}", flush=True)


def _set_parent_death_signal() -> None:
    """Ask the kernel to SIGTERM us when the parent dies (Linux only; best effort)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def _note_stop(signum: int, _frame: FrameType | None) -> None:
    # Only set a flag: raising here could interrupt shutdown at an arbitrary point.
    global _stop_signal
    _stop_signal = signal.Signals(signum).name


def _wait_for_eof_or_signal() -> str:
    """Block until stdin reaches EOF or SIGTERM/SIGHUP arrives; return which one."""
    fd = sys.stdin.fileno()
    while _stop_signal is None:
        try:
            readable, _, _ = select.select([fd], [], [], _SIGNAL_POLL_S)
            if readable and not os.read(fd, 4096):
                return "stdin closed"
        except OSError:
            return "stdin unusable"
    return _stop_signal


def _redirect_output(log_path: Path) -> None:
    """Send our stdout and stderr (and so llama.cpp's native logging) to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m extractor.providers.llama_cpp._serve")
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--ctx", type=int, default=8192)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--log", type=Path, default=None)
    parser.add_argument("--alias", default="")
    parser.add_argument("--verbosity", type=int, default=2)
    parser.add_argument("--parent-pid", type=int, default=0)
    return parser.parse_args(argv)


def _build_params(args: argparse.Namespace, api_key: str):  # -> xllamacpp.CommonParams
    import xllamacpp as xlc

    p = xlc.CommonParams()
    p.model.path = str(args.model)
    if args.alias:
        p.model_alias = {args.alias}
    p.n_ctx = args.ctx
    p.n_parallel = 1
    p.cpuparams.n_threads = args.threads
    p.cpuparams_batch.n_threads = args.threads

    # Network exposure: loopback only, API key required, no SO_REUSEPORT sharing.
    p.hostnames = [HOST]
    p.port = args.port
    p.api_keys = [api_key]
    p.reuse_port = False
    # xllamacpp's defaults reflect ANY Origin with credentials allowed; pin an
    # explicit empty allow-list so browsers can never read responses cross-origin.
    p.cors_origins = ""
    p.cors_origins_explicit = True
    p.cors_credentials = False
    p.cors_methods = ""
    p.cors_headers = ""
    # Nothing but the OpenAI-compatible API: no web UI, no slot/metrics/props
    # inspection, no tool or MCP proxying.
    p.ui = False
    p.ui_mcp_proxy = False
    p.endpoint_slots = False
    p.endpoint_metrics = False
    p.endpoint_props = False
    p.server_tools = []
    p.slot_save_path = ""

    # Reuse the KV cache for repeated prompt prefixes (the shared system prompt).
    p.cache_prompt = True
    p.cache_ram_mib = _PROMPT_CACHE_MIB

    # llama.cpp logs to our stderr (= the log file); 2 keeps errors and warnings.
    p.verbosity = args.verbosity
    return p


def main(argv: list[str] | None = None) -> int:
    _set_parent_death_signal()
    args = _parse_args(argv)
    if args.log is not None:
        _redirect_output(args.log)
    if args.parent_pid and os.getppid() != args.parent_pid:
        return EXIT_OK  # the parent died before we armed PDEATHSIG

    # SIGINT (Ctrl-C in the terminal) is the parent's to handle; it then stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _note_stop)
    signal.signal(signal.SIGHUP, _note_stop)

    api_key = os.environ.pop(API_KEY_ENV, "")
    if not api_key:
        _log(f"refusing to start: {API_KEY_ENV} is not set")
        return EXIT_USAGE
    if not args.model.is_file():
        _log(f"model file not found: {args.model}")
        return EXIT_USAGE

    try:
        params = _build_params(args, api_key)
    except ImportError as exc:
        _log(f"cannot import xllamacpp: {exc}")
        return EXIT_START_FAILED
    started = time.monotonic()
    _log(f"starting on {HOST}:{args.port} ctx={args.ctx} threads={args.threads}")
    try:
        import xllamacpp as xlc

        server = xlc.Server(params)
    except RuntimeError as exc:
        if _port_in_use(args.port):
            _log(f"port {args.port} is already in use")
            return EXIT_PORT_IN_USE
        _log(f"server failed to start: {exc}")
        return EXIT_START_FAILED
    _log(f"listening on {server.listening_address} after {time.monotonic() - started:.1f}s")

    reason = _wait_for_eof_or_signal()
    _log(f"{reason}; stopping")
    # Never hang on shutdown: if the server's destructor blocks, leave hard.
    watchdog = threading.Timer(_SHUTDOWN_GRACE_S, os._exit, args=(EXIT_OK,))
    watchdog.daemon = True
    watchdog.start()
    del server
    watchdog.cancel()
    _log("stopped")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
