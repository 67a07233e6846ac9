"""Fixtures for ingest tests: a real HTTP server and a moto S3 server, both on 127.0.0.1."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .builders import government_page


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes seconds (large inputs); still runs in CI")
    config.addinivalue_line("markers", "integration: starts a real server on 127.0.0.1; still runs in CI")


@dataclass
class Site:
    """What the test HTTP server serves, and what it saw."""

    base: str
    hits: Counter[str] = field(default_factory=Counter)


Route = Callable[[BaseHTTPRequestHandler, int], None]  # (handler, hit number starting at 1)


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (extra or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def _flaky(h: BaseHTTPRequestHandler, n: int) -> None:
    if n <= 2:
        _send(h, 503, b"busy", "text/plain", {"Retry-After": "0"})
    else:
        _send(h, 200, "一、总体情况\n整改完成。\n".encode(), "text/plain; charset=utf-8")


def _slow(h: BaseHTTPRequestHandler, n: int) -> None:
    time.sleep(2.0)
    _send(h, 200, b"too late", "text/plain")


def _big_unannounced(h: BaseHTTPRequestHandler, n: int) -> None:
    # No Content-Length: the limit must be enforced while streaming.
    h.send_response(200)
    h.send_header("Content-Type", "text/plain; charset=utf-8")
    h.send_header("Connection", "close")
    h.end_headers()
    try:
        for _ in range(64):
            h.wfile.write(("整改" * 5000).encode())
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client stopped reading, as it should


def _big_announced(h: BaseHTTPRequestHandler, n: int) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.send_header("Content-Length", str(10 * 1024 * 1024))
    h.end_headers()
    try:
        h.wfile.write(b"x" * 1024)
    except (BrokenPipeError, ConnectionResetError):
        pass


ROUTES: dict[str, Route] = {
    "/news/t20250918_123.html": lambda h, n: _send(h, 200, government_page().encode("gbk"), "text/html; charset=gbk"),
    "/lying": lambda h, n: _send(h, 200, government_page(charset_declared="utf-8").encode("gbk"),
                                 "text/html; charset=utf-8"),
    "/doc/report": lambda h, n: _send(h, 200, "一、总体情况\n整改完成。\n".encode("gb18030"), "application/octet-stream"),
    "/gzipped.html": lambda h, n: _send(h, 200, gzip.compress(government_page().encode("gbk")),
                                        "text/html; charset=gbk", {"Content-Encoding": "gzip"}),
    "/gzip-bomb.txt": lambda h, n: _send(h, 200, gzip.compress(b"a" * 5_000_000), "text/plain",
                                         {"Content-Encoding": "gzip"}),
    "/flaky": _flaky,
    "/always-503": lambda h, n: _send(h, 503, b"down", "text/plain"),
    "/missing.html": lambda h, n: _send(h, 404, b"not found", "text/plain"),
    "/forbidden.html": lambda h, n: _send(h, 403, b"no", "text/plain"),
    "/slow.txt": _slow,
    "/big.txt": _big_unannounced,
    "/big-announced.txt": _big_announced,
}


SERVER_DATE = "Thu, 18 Sep 2025 08:00:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.site.hits[path] += 1
        route = ROUTES.get(path)
        if route is None:
            _send(self, 404, b"no route", "text/plain")
        else:
            route(self, self.site.hits[path])

    def date_time_string(self, timestamp: float | None = None) -> str:
        return SERVER_DATE  # a fixed Date header, so retrieved_at is predictable

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def http_site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    site = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    _Handler.site = site
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_env(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Fake credentials and the endpoint, through the variables a user would set."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto_endpoint)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    return moto_endpoint
