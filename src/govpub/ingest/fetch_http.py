"""An http(s) URL in, the response body and its headers out: timeouts, retries with backoff, a size cap."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from email.utils import parsedate_to_datetime
from http.client import HTTPException, HTTPResponse
from typing import Final
from urllib.parse import unquote, urlsplit

from govpub.errors import RejectedInput, TransientError

USER_AGENT: Final = "govpub/0.1 (+https://github.com/govpub; open-data pipeline)"
CHUNK: Final = 64 * 1024
# Statuses a retry can fix: request timeout, too many requests, and server-side trouble.
RETRY_STATUSES: Final = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S: Final = 60.0


@dataclass(frozen=True)
class HttpBody:
    data: bytes
    url: str  # after redirects
    content_type: str | None  # without parameters, lower case, e.g. "text/html"
    charset: str | None  # the Content-Type charset parameter, if any
    date: str | None  # the response's Date header as ISO 8601 UTC, e.g. "2025-09-18T08:00:00+00:00"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): a page must not send us to ftp: or file:."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-HTTP URL {newurl!r}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def name_from_url(url: str) -> str:
    """The last path segment, safe as a file name: "https://x/a/t20250918_1.html" -> "t20250918_1.html"."""
    segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    safe = "".join(ch for ch in segment if ch.isprintable() and ch not in '\\/:*?"<>|').strip(" .")
    return safe or (urlsplit(url).hostname or "index")


def _retry_after(headers: Message | None) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER_S)
    return None


def _date(headers: Message) -> str | None:
    value = headers.get("Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return None


def _read_capped(resp: HTTPResponse, *, url: str, max_bytes: int, deadline: float) -> bytes:
    length = resp.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise RejectedInput(f"the response announces {int(length)} bytes, more than the limit of {max_bytes} "
                            "(IngestLimits.max_bytes)", stage="ingest", source=url)
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = resp.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise RejectedInput(f"the response is larger than the limit of {max_bytes} bytes "
                                "(IngestLimits.max_bytes); stopped reading", stage="ingest", source=url)
        if time.monotonic() > deadline:
            raise TransientError("the download took longer than the total time limit", stage="ingest", source=url)
        chunks.append(chunk)


def _decompress(data: bytes, encoding: str | None, *, url: str, max_bytes: int) -> bytes:
    """We never ask for compression, but some servers send gzip anyway: inflate it, at most
    max_bytes (a small gzip can inflate to gigabytes)."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise RejectedInput(f"unsupported Content-Encoding {encoding!r}", stage="ingest", source=url)
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise RejectedInput(f"the {encoding} body is corrupt ({exc})", stage="ingest", source=url) from None
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise RejectedInput(f"the {encoding} body inflates to more than the limit of {max_bytes} bytes",
                            stage="ingest", source=url)
    return out


def fetch_url(url: str, *, timeout_s: float, retries: int, max_bytes: int, backoff_s: float,
              total_timeout_s: float, sleep: Callable[[float], None] = time.sleep) -> HttpBody:
    """GET with `1 + retries` attempts; waits backoff_s * 2**attempt (or Retry-After) between them.
    4xx (other than 408/425/429) -> RejectedInput at once; still failing after retries -> TransientError."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise RejectedInput("not a valid http(s) URL", stage="ingest", source=url)
    opener = urllib.request.build_opener(_HttpOnlyRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    last = "no attempt made"
    for attempt in range(retries + 1):
        wait: float | None = None
        try:
            # timeout bounds each connect and each socket read; the deadline bounds the whole body.
            with opener.open(request, timeout=timeout_s) as resp:
                deadline = time.monotonic() + total_timeout_s
                data = _read_capped(resp, url=url, max_bytes=max_bytes, deadline=deadline)
                headers = resp.headers
                data = _decompress(data, headers.get("Content-Encoding"), url=url, max_bytes=max_bytes)
                return HttpBody(data=data, url=resp.geturl(), content_type=headers.get_content_type()
                                if headers.get("Content-Type") else None,
                                charset=headers.get_content_charset(), date=_date(headers))
        except urllib.error.HTTPError as exc:
            if exc.code not in RETRY_STATUSES:
                raise RejectedInput(f"HTTP {exc.code} {exc.reason}", stage="ingest", source=url) from None
            last, wait = f"HTTP {exc.code} {exc.reason}", _retry_after(exc.headers)
        except (urllib.error.URLError, TimeoutError, ConnectionError, HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, str) and "unknown url type" in exc.reason:
                raise RejectedInput(f"unsupported URL ({exc.reason})", stage="ingest", source=url) from None
            last = f"{type(exc).__name__}: {reason}"
        except TransientError as exc:
            last = exc.message
        if attempt < retries:
            sleep(wait if wait is not None else backoff_s * (2 ** attempt))
    raise TransientError(f"gave up after {retries + 1} attempts; last error: {last}", stage="ingest", source=url)
