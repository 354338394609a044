"""Settings of the model seam, each written once: where caches live, timeouts, retries."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

CACHE_ENV = "EXTRACTOR_CACHE_DIR"
# Total seconds one model request may take, answer included (``--timeout``):
# a remote endpoint answers in well under a minute; the embedded model on two
# CPU cores needs about a minute for a full answer, more when jobs share it.
REMOTE_TIMEOUT_S = 120.0
LOCAL_TIMEOUT_S = 600.0
# A longer --timeout is taken as this: a request is not waited on for more than 30
# days, and past about 292 years (2**63 ns) sockets and thread waits overflow, which
# the HTTP stack reports as a connection error against a healthy server.
MAX_TIMEOUT_S = 30 * 24 * 3600.0
# An answer is at most MAX_COMPLETION_TOKENS (900) tokens, a few KB of JSON;
# anything near this cap is not an answer.
MAX_ANSWER_BYTES = 1 << 20


def total_deadline(timeout: float) -> float:
    """The total seconds a request may take for a ``--timeout`` of ``timeout``."""
    return min(timeout, MAX_TIMEOUT_S)


def read_timeout(deadline: float) -> float:
    """httpx's per-read timeout under a total ``deadline``: a little longer, so the
    deadline (not retried) always trips first and a read timeout (retried) never does."""
    return total_deadline(deadline) + 5.0


# The openai client retries connection errors, timeouts, 408/409/429 and 5xx
# this many times with exponential backoff (0.5 s doubling, capped at 8 s),
# waiting exactly as long as a Retry-After / retry-after-ms header asks when
# that is at most 120 s and not retrying at all when it asks for more.
# tests/providers/test_faults.py checks this against a scripted server.
MAX_RETRIES = 2
MAX_RETRY_AFTER_S = 120.0  # openai's MAX_RETRY_AFTER_DELAY


def cache_root() -> Path:
    """The extractor's cache root: ``$EXTRACTOR_CACHE_DIR`` or the platform user cache dir.

    Holds ``models/`` (the assembled embedded model), ``responses/`` (the
    response cache) and ``logs/`` (the model server's log).
    """
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("extractor"))
