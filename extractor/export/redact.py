"""A database URL's password kept out of every message, in each form it can take.

``postgresql://USER:PASSWORD@HOST/DB`` (the password may itself hold ``@``,
which the URL parser and libpq split differently), ``?password=`` in the query
string, and ``password=`` in a libpq key=value string. Read from the raw text:
a URL too malformed to parse must not be echoed whole either.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus

MASK = "***"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_QUERY_PASSWORD = re.compile(r"(?<=[?&])password=([^&#]*)", re.I)
_KEYWORD_PASSWORD = re.compile(r"(?<![\w.])password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']+)", re.I)
# A fragment shorter than this is too common to scrub from a message without garbling it.
_MIN_FRAGMENT = 3


def _userinfo_password(url: str) -> tuple[int, int] | None:
    """Where the password of ``scheme://USER:PASSWORD@HOST`` lies: from the first ``:``
    of the user part to the last ``@`` before the query, so a password with ``@`` or
    ``/`` in it is covered whichever ``@`` a parser takes for the end."""
    scheme = _SCHEME.match(url)
    if scheme is None:
        return None
    start = scheme.end()
    head_end = url.find("?", start)
    head = url[start : head_end if head_end >= 0 else len(url)]
    at = head.rfind("@")
    colon = head.find(":", 0, at) if at >= 0 else -1
    if colon < 0:
        return None
    return start + colon + 1, start + at


def _spans(url: str) -> list[tuple[int, int]]:
    spans = []
    if (userinfo := _userinfo_password(url)) is not None:
        spans.append(userinfo)
    pattern = _QUERY_PASSWORD if _SCHEME.match(url) else _KEYWORD_PASSWORD
    spans.extend(m.span(1) for m in pattern.finditer(url))
    return sorted(s for s in spans if s[1] > s[0])


def redact(url: str) -> str:
    """``url`` with every password in it replaced by ``***``, for messages."""
    out, at = [], 0
    for start, end in _spans(url):
        if start >= at:
            out += [url[at:start], MASK]
            at = end
    return "".join([*out, url[at:]])


def _secrets(url: str) -> set[str]:
    """Each password as written and decoded, and the pieces a driver may quote of it
    (libpq ends the user part at the first ``@`` and takes the rest for the host)."""
    found: set[str] = set()
    for start, end in _spans(url):
        raw = url[start:end].strip("'")
        found |= {raw, unquote(raw), unquote_plus(raw)}
    pieces = {p for s in found for p in re.split(r"[@:/]", s)}
    tails = {s[m.end() :] for s in found for m in re.finditer(r"[@:/]", s)}
    return {s for s in found | pieces | tails if len(s) >= _MIN_FRAGMENT} | {s for s in found if s}


def scrub(message: str, url: str) -> str:
    """``message`` (a driver's error about ``url``) without any password of ``url`` in it.
    A very short password is masked only where it stands alone, not inside words."""
    for secret in sorted(_secrets(url), key=len, reverse=True):
        if len(secret) >= _MIN_FRAGMENT:
            message = message.replace(secret, MASK)
        else:
            alone = rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])"
            message = re.sub(alone, MASK, message)
    return message
