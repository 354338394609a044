"""Every HTTP request to a model, bounded: a total deadline and a cap on the answer's size.

httpx's timeouts are per read, so a server that sends one byte every few
seconds never trips them, and nothing bounds how much it sends. Here the
request runs in a helper thread while the calling thread waits for it: it
gives up at the deadline whatever the server is doing, reports progress while
waiting, and stays interruptible by Ctrl-C (the helper is a daemon thread,
so an abandoned request never holds the process open). The body is read in
chunks and refused past ``max_bytes``.

Both failures are raised as ``openai`` errors, which the openai client
propagates without retrying: a server that did not answer in time, or
answered megabytes, would only do so again. ``providers.failures`` turns
them into this package's one-line errors.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx2 as httpx
import openai

from extractor.providers.settings import total_deadline

Progress = Callable[[str], None]
_TRANSFER_HEADERS = ("content-encoding", "content-length", "transfer-encoding")


class DeadlineExceeded(openai.APITimeoutError):
    """No complete answer within the request's total deadline."""

    def __init__(self, request: httpx.Request, seconds: float) -> None:
        super().__init__(request=request)
        self.seconds = seconds


class AnswerTooLarge(openai.APIConnectionError):
    """The server sent more than the answer cap."""

    def __init__(self, request: httpx.Request, limit: int) -> None:
        super().__init__(message=f"answer larger than {limit:,} bytes", request=request)
        self.limit = limit


def report_interval(deadline: float) -> float:
    """Seconds between progress lines: often enough to show life, never a flood."""
    return max(1.0, min(15.0, deadline / 4))


class BoundedTransport(httpx.BaseTransport):
    """``inner`` with a total ``deadline`` (seconds) per request and ``max_bytes`` per answer.

    ``progress`` receives a line every ``report_interval`` seconds of waiting.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        deadline: float,
        max_bytes: int,
        progress: Progress | None = None,
    ) -> None:
        self._inner = inner
        self.deadline = total_deadline(deadline)
        self.max_bytes = max_bytes
        self.progress = progress

    def _fetch(self, request: httpx.Request) -> httpx.Response:
        """The whole response, read in the helper thread."""
        response = self._inner.handle_request(request)
        try:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise AnswerTooLarge(request, self.max_bytes)
                chunks.append(chunk)
        finally:
            response.close()
        headers = [
            (k, v) for k, v in response.headers.multi_items() if k.lower() not in _TRANSFER_HEADERS
        ]
        return httpx.Response(
            response.status_code, headers=headers, content=b"".join(chunks), request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body is built here, not in the helper thread
        outcome: list[httpx.Response | BaseException] = []
        done = threading.Event()

        def run() -> None:
            try:
                outcome.append(self._fetch(request))
            except BaseException as exc:  # handed to the waiting thread as is
                outcome.append(exc)
            finally:
                done.set()

        started = time.monotonic()
        end = started + self.deadline
        threading.Thread(target=run, name="model-request", daemon=True).start()
        every = report_interval(self.deadline)
        while not done.wait(max(0.0, min(every, end - time.monotonic()))):
            now = time.monotonic()
            if now >= end:
                # The helper is abandoned: it ends with the server's next read
                # timeout or when the process exits.
                raise DeadlineExceeded(request, self.deadline)
            if self.progress is not None:
                self.progress(
                    f"  waiting for the model: {now - started:.0f} s of {self.deadline:g} s"
                )
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        self._inner.close()
