"""http(s) sources against a real http.server on 127.0.0.1."""

from __future__ import annotations

import pytest

from govpub.errors import RejectedInput, TransientError
from govpub.ingest import IngestLimits, discover, read
from govpub.ingest.fetch_http import name_from_url

from .builders import TITLE
from .conftest import Site

pytestmark = pytest.mark.integration

FAST = IngestLimits(http_timeout_s=0.5, http_retries=2, http_backoff_s=0.01, http_total_timeout_s=5)


def test_page_is_fetched_decoded_and_cleaned(http_site: Site) -> None:
    url = f"{http_site.base}/news/t20250918_123.html"
    [meta] = discover([url])
    assert (meta.uri, meta.url, meta.name) == (url, url, "t20250918_123.html")
    doc = read(meta, limits=FAST)
    assert doc.media_type == "text/html"
    assert doc.encoding == "gbk"
    assert doc.title_hint == TITLE
    assert "一、党工委履行巡察整改主体责任情况" in doc.text.split("\n")
    assert "扫一扫" not in doc.text and "版权所有" not in doc.text
    assert doc.source.retrieved_at == "2025-09-18T08:00:00+00:00"  # the server's Date header


def test_declared_utf8_that_is_gbk_is_decoded_as_gb18030(http_site: Site) -> None:
    doc = read(discover([f"{http_site.base}/lying"])[0], limits=FAST)
    assert doc.encoding == "gb18030"
    assert doc.title_hint == TITLE


def test_media_type_is_sniffed_when_neither_name_nor_header_tells(http_site: Site) -> None:
    doc = read(discover([f"{http_site.base}/doc/report"])[0], limits=FAST)
    assert doc.media_type == "text/plain"
    assert doc.text == "一、总体情况\n整改完成。"


def test_503_then_200_is_retried(http_site: Site) -> None:
    before = http_site.hits["/flaky"]
    doc = read(discover([f"{http_site.base}/flaky"])[0], limits=FAST)
    assert doc.text.startswith("一、总体情况")
    assert http_site.hits["/flaky"] - before == 3


def test_persistent_503_becomes_transient_error_after_retries(http_site: Site) -> None:
    before = http_site.hits["/always-503"]
    with pytest.raises(TransientError, match="3 attempts.*503") as info:
        read(discover([f"{http_site.base}/always-503"])[0], limits=FAST)
    assert http_site.hits["/always-503"] - before == 3
    assert info.value.stage == "ingest" and info.value.transient


@pytest.mark.parametrize("path, status", [("/missing.html", "404"), ("/forbidden.html", "403")])
def test_4xx_is_rejected_without_retry(http_site: Site, path: str, status: str) -> None:
    before = http_site.hits[path]
    with pytest.raises(RejectedInput, match=f"HTTP {status}") as info:
        read(discover([f"{http_site.base}{path}"])[0], limits=FAST)
    assert http_site.hits[path] - before == 1
    assert info.value.source.endswith(path)


def test_slow_endpoint_times_out_then_gives_up(http_site: Site) -> None:
    limits = IngestLimits(http_timeout_s=0.3, http_retries=1, http_backoff_s=0.01)
    with pytest.raises(TransientError, match="2 attempts.*(timed out|Timeout)"):
        read(discover([f"{http_site.base}/slow.txt"])[0], limits=limits)


def test_oversized_streamed_body_is_rejected_while_streaming(http_site: Site) -> None:
    limits = IngestLimits(max_bytes=100_000, http_timeout_s=2, http_retries=0)
    with pytest.raises(RejectedInput, match="larger than the limit of 100000 bytes"):
        read(discover([f"{http_site.base}/big.txt"])[0], limits=limits)


def test_oversized_announced_body_is_rejected_before_download(http_site: Site) -> None:
    limits = IngestLimits(max_bytes=100_000, http_timeout_s=2, http_retries=0)
    with pytest.raises(RejectedInput, match="announces 10485760 bytes"):
        read(discover([f"{http_site.base}/big-announced.txt"])[0], limits=limits)


def test_gzip_sent_unasked_is_inflated(http_site: Site) -> None:
    doc = read(discover([f"{http_site.base}/gzipped.html"])[0], limits=FAST)
    assert doc.title_hint == TITLE and doc.encoding == "gbk"


def test_gzip_bomb_is_stopped_at_the_limit(http_site: Site) -> None:
    limits = IngestLimits(max_bytes=1_000_000, http_timeout_s=2, http_retries=0)
    with pytest.raises(RejectedInput, match="inflates to more than the limit of 1000000 bytes"):
        read(discover([f"{http_site.base}/gzip-bomb.txt"])[0], limits=limits)


def test_connection_refused_is_transient() -> None:
    import socket

    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(TransientError, match="2 attempts"):
        read(discover([f"http://127.0.0.1:{port}/a.html"])[0],
             limits=IngestLimits(http_timeout_s=0.5, http_retries=1, http_backoff_s=0.01))


@pytest.mark.parametrize("url, name", [
    ("https://www.szss.gov.cn/xxgk/t20250918_123.html", "t20250918_123.html"),
    ("https://www.szss.gov.cn/a/%E9%80%9A%E6%8A%A5.pdf", "通报.pdf"),
    ("https://www.szss.gov.cn/", "www.szss.gov.cn"),
    ("https://x.gov.cn/a/..%2F..%2Fetc%2Fpasswd", "etcpasswd"),
])
def test_names_from_urls_are_safe_file_names(url: str, name: str) -> None:
    assert name_from_url(url) == name
