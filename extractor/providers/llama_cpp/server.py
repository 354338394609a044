"""Run the embedded model behind llama.cpp's OpenAI-compatible server in a child process.

Usage::

    with LocalServer(ensure_model_file()) as srv:
        client = openai.OpenAI(base_url=srv.base_url, api_key=srv.api_key)
        client.chat.completions.create(model=srv.model_name, messages=...)

The child (``python -m extractor.providers.llama_cpp._serve``) binds 127.0.0.1 on
a free port and requires a random per-run API key, passed to it through the
environment, never argv. It can never outlive this process:

* its stdin is a pipe from us and it exits on EOF, which the kernel delivers
  whenever we die, including by SIGKILL;
* on Linux it also arms ``PR_SET_PDEATHSIG`` = SIGTERM. (That signal fires
  when the *thread* that started the child exits, so start the server from
  the thread that will keep using it - normally the main thread.)
* :meth:`LocalServer.close` (context-manager exit, also on KeyboardInterrupt,
  and an ``atexit`` fallback) sends SIGTERM, waits up to 5 s, then SIGKILLs.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from extractor.errors import ModelSetupError
from extractor.providers.llama_cpp import _serve as _llama_serve
from extractor.providers.llama_cpp.model_files import LOCAL_MODEL_NAME
from extractor.providers.llama_cpp.threads import (
    Share,
    claim_cores,
    threads_setting,
    wanted_threads,
)
from extractor.providers.settings import cache_root

HOST = _llama_serve.HOST

_TERM_GRACE_S = 5.0
_POLL_INTERVAL_S = 0.2
_PORT_ATTEMPTS = 4
_LOG_ROTATE_BYTES = 5 * 1024 * 1024
_TAIL_LINES = 8

# Never route loopback requests (which carry the API key) through an HTTP proxy
# configured in the environment.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def default_log_path() -> Path:
    return cache_root() / "logs" / "llama-server.log"


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def claims_dir() -> Path:
    """Where running servers claim their cores: one folder per cache root, so every
    run sharing the model file sees the others."""
    return cache_root() / "models" / "running"


def _free_port() -> int:
    """A port the OS considers free on 127.0.0.1 right now (the child binds it next)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _project_root() -> str:
    """Directory holding the ``extractor`` package, so the child imports the same code."""
    return str(Path(__file__).resolve().parents[3])


class LocalServer:
    """Context manager owning one llama.cpp server child process on 127.0.0.1.

    Attributes available after start: ``base_url`` (``http://127.0.0.1:PORT/v1``),
    ``api_key``, ``model_name``, ``port``, ``pid``, ``log_path``, ``threads`` and
    ``share`` (the cores it claimed beside other servers, ``llama_cpp.threads``).
    ``threads``: at most this many (default: the setting or the CPUs we may use).
    """

    def __init__(
        self,
        model_path: Path | str,
        n_ctx: int = 8192,
        threads: int | None = None,
        *,
        startup_timeout: float = 120.0,
        log_path: Path | None = None,
        model_name: str = LOCAL_MODEL_NAME,
        verbosity: int = 2,
        note: Callable[[str], None] | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        # Said while it waits for a free core: a silent wait would look like a hang.
        self.note = note or _to_stderr
        self.n_ctx = int(n_ctx)
        self.wanted_threads = int(threads) if threads else None
        self.threads = 0  # set at start, once the cores are claimed
        self.share: Share | None = None
        self._cores = contextlib.ExitStack()
        self.startup_timeout = float(startup_timeout)
        self.log_path = Path(log_path) if log_path is not None else default_log_path()
        self.model_name = model_name
        self.verbosity = int(verbosity)
        self.api_key = secrets.token_urlsafe(32)
        self.port: int | None = None
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._pid: int | None = None
        self._log_offset = 0
        self._atexit_registered = False

    # ------------------------------------------------------------------ public API

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    @property
    def root_url(self) -> str:
        if self.port is None:
            raise RuntimeError("LocalServer is not started")
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        """Pid of the (most recent) child process; kept after close() for diagnostics."""
        return self._pid

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def exit_reason(self) -> str | None:
        """None while the child runs; otherwise a one-line account of how it ended.

        Callers ask after a failed request, so a crash mid-document surfaces as
        this message instead of a generic connection error.
        """
        if self._proc is None:
            return "the local model server is not running" if self._pid else None
        code = self._proc.poll()
        if code is None:
            return None
        how = f"killed by signal {-code}" if code < 0 else f"with code {code}"
        tail = " | ".join(self._log_tail()[-3:]) or "(log is empty)"
        return (
            f"local model server exited {how} while serving requests; "
            f"last log lines: {tail}; full log: {self.log_path}"
        )

    def start(self) -> LocalServer:
        """Start the child and wait until it serves requests; raise ModelSetupError if not."""
        if self._proc is not None:
            raise RuntimeError("LocalServer already started")
        if not self.model_path.is_file():
            raise ModelSetupError(f"Model file not found: {self.model_path}.")
        self._prepare_log()
        self.share = self._cores.enter_context(
            claim_cores(
                wanted_threads(self.wanted_threads),
                claims_dir(),
                note=self.note,
                # Threads set by hand (--threads, EXTRACTOR_THREADS) are the user's split.
                wait=threads_setting(self.wanted_threads) is None,
            )
        )
        self.threads = self.share.threads
        began = time.monotonic()
        deadline = began + self.startup_timeout
        try:
            for attempt in range(1, _PORT_ATTEMPTS + 1):
                self._spawn(_free_port())
                outcome = self._wait_ready(deadline)
                if outcome == "ready":
                    self.startup_seconds = time.monotonic() - began
                    return self
                if outcome == "port_in_use" and attempt < _PORT_ATTEMPTS:
                    self._reap()
                    continue
                raise self._startup_error(outcome)
            raise AssertionError("unreachable")  # pragma: no cover
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the child: close its stdin, SIGTERM, wait up to 5 s, then SIGKILL. Idempotent."""
        if self._atexit_registered:
            atexit.unregister(self.close)
            self._atexit_registered = False
        self._reap()
        self._cores.close()  # after the server stopped: its cores are free again

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "alive" if self.alive() else "stopped"
        return f"LocalServer(port={self.port}, pid={self.pid}, {state})"

    # ------------------------------------------------------------------ internals

    def _prepare_log(self) -> None:
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            if self.log_path.exists() and self.log_path.stat().st_size > _LOG_ROTATE_BYTES:
                os.replace(self.log_path, self.log_path.with_name(self.log_path.name + ".1"))
        except OSError as exc:
            raise ModelSetupError(
                f"Cannot write the model server log {self.log_path}: {exc.strerror or exc}; "
                "set EXTRACTOR_CACHE_DIR to a writable directory."
            ) from exc

    def _spawn(self, port: int) -> None:
        self.port = port
        env = dict(os.environ)
        env[_llama_serve.API_KEY_ENV] = self.api_key
        root = _project_root()
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        argv = [
            sys.executable,
            "-m",
            "extractor.providers.llama_cpp._serve",
            "--model",
            str(self.model_path),
            "--port",
            str(port),
            "--ctx",
            str(self.n_ctx),
            "--threads",
            str(self.threads),
            "--log",
            str(self.log_path),
            "--alias",
            self.model_name,
            "--verbosity",
            str(self.verbosity),
            "--parent-pid",
            str(os.getpid()),
        ]
        with open(self.log_path, "ab") as log:
            self._log_offset = log.tell()
            self._proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                close_fds=True,
            )
        self._pid = self._proc.pid
        if not self._atexit_registered:
            atexit.register(self.close)
            self._atexit_registered = True

    def _request(self, path: str, timeout: float = 2.0) -> int:
        """Status code of GET ``path`` with our API key; 0 if the connection failed."""
        req = urllib.request.Request(
            self.root_url + path, headers={"Authorization": f"Bearer {self.api_key}"}
        )
        try:
            with _NO_PROXY_OPENER.open(req, timeout=timeout) as resp:
                resp.read()
                return int(resp.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)
        except (OSError, ValueError):
            return 0

    def _wait_ready(self, deadline: float) -> str:
        """Poll /health until 200, then confirm our key works.

        Returns "ready", "port_in_use" (retry on another port), "exited" or "timeout".
        """
        assert self._proc is not None
        while time.monotonic() < deadline:
            code = self._proc.poll()
            if code is not None:
                return "port_in_use" if code == _llama_serve.EXIT_PORT_IN_USE else "exited"
            if self._request("/health") == 200:
                # /health needs no key; make sure it is *our* server answering.
                status = self._request("/v1/models", timeout=10.0)
                if status == 200:
                    return "ready"
                if status == 401:
                    return "port_in_use"  # a stranger won the race for this port
            time.sleep(_POLL_INTERVAL_S)
        return "timeout"

    def _startup_error(self, outcome: str) -> ModelSetupError:
        code = self._proc.poll() if self._proc is not None else None
        if outcome == "timeout":
            what = f"did not become ready within {self.startup_timeout:.0f} s"
        elif outcome == "port_in_use":
            what = f"could not bind a free port on {HOST} after {_PORT_ATTEMPTS} attempts"
        else:
            what = f"exited with code {code} during startup"
        tail = " | ".join(self._log_tail()) or "(log is empty)"
        return ModelSetupError(
            f"The local model server {what}; last log lines: {tail}; full log: {self.log_path}"
        )

    def _log_tail(self) -> list[str]:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_offset)
                data = log.read()
        except OSError:
            return []
        lines: deque[str] = deque(maxlen=_TAIL_LINES)
        for raw in data.decode("utf-8", "replace").splitlines():
            line = raw.strip()
            if line:
                lines.append(line)
        return list(lines)

    def _reap(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                if proc.stdin is not None:
                    proc.stdin.close()
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
            try:
                proc.wait(timeout=_TERM_GRACE_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                proc.wait()
        elif proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
