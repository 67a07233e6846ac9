"""Entry points of ingest: source names in, SourceMeta out (discover); one SourceMeta in, a Document out (read)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from govpub.errors import RejectedInput
from govpub.ingest.clean import clean_lines, normalise
from govpub.ingest.decode import decode
from govpub.ingest.document import Document, MediaType, SourceMeta
from govpub.ingest.docx import docx_to_text
from govpub.ingest.fetch_file import discover_path, read_file
from govpub.ingest.fetch_http import fetch_url, name_from_url
from govpub.ingest.fetch_s3 import discover_s3, read_s3
from govpub.ingest.formats import (
    CONTENT_TYPE_MEDIA,
    DOCX,
    SUPPORTED,
    media_type_for_name,
    sniff_media_type,
)
from govpub.ingest.html import html_to_text
from govpub.ingest.pdf import pdf_to_text


@dataclass(frozen=True)
class IngestLimits:
    max_bytes: int = 64 * 1024 * 1024  # larger sources are rejected, not read
    http_timeout_s: float = 30.0  # per connect and per socket read
    http_retries: int = 3  # extra attempts after the first, for 5xx/408/429 and network errors
    http_backoff_s: float = 1.0  # wait before retry n (0-based): backoff * 2**n, or Retry-After
    http_total_timeout_s: float = 300.0  # the whole body of one response
    max_pdf_pages: int = 1000  # bounds the time one PDF can take


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def discover(sources: Sequence[str], *, base_dir: Path | None = None) -> list[SourceMeta]:
    """Expand files, directories (recursively, supported suffixes only, sorted), http(s) URLs
    and s3:// prefixes into one SourceMeta each, merging a sidecar `<file>.meta.json`
    (keys: url, title, publisher, retrieved_at) when present. Sidecars are not sources.
    Relative paths resolve against base_dir. A name that does not exist raises RejectedInput
    (stage "discover"). A source named twice is listed once, where it first appears."""
    metas: list[SourceMeta] = []
    for source in sources:
        source = source.strip()
        if not source:
            continue
        if _is_url(source):
            metas.append(SourceMeta(uri=source, name=name_from_url(source), url=source))
        elif source.lower().startswith("s3://"):
            metas.extend(discover_s3(source))
        elif source.lower().startswith("file://"):
            metas.extend(discover_path(unquote(urlsplit(source).path), base_dir=base_dir))
        else:
            metas.extend(discover_path(source, base_dir=base_dir))
    unique: dict[str, SourceMeta] = {}
    for meta in metas:
        unique.setdefault(meta.uri, meta)
    return list(unique.values())


def read(meta: SourceMeta, *, limits: IngestLimits = IngestLimits()) -> Document:
    """Fetch, decode and convert one source. Raises RejectedInput (terminal, with a reason
    naming the file and stage) or TransientError (network/S3 trouble worth a retry)."""
    declared: tuple[str, ...] = ()
    media: MediaType | None = media_type_for_name(meta.name)
    if _is_url(meta.uri):
        body = fetch_url(meta.uri, timeout_s=limits.http_timeout_s, retries=limits.http_retries,
                         max_bytes=limits.max_bytes, backoff_s=limits.http_backoff_s,
                         total_timeout_s=limits.http_total_timeout_s)
        data = body.data
        declared = (body.charset,) if body.charset else ()
        # The server's Content-Type beats the URL's suffix; octet-stream and unknowns say nothing.
        media = CONTENT_TYPE_MEDIA.get(body.content_type or "") or media or sniff_media_type(data)
        if meta.retrieved_at is None and body.date:
            meta = replace(meta, retrieved_at=body.date)  # the server's clock, not ours
    else:
        if media is None:
            raise RejectedInput(f"unsupported file type {Path(meta.name).suffix or '(no suffix)'!r}; "
                                f"govpub reads {SUPPORTED}", stage="ingest", source=meta.uri)
        if meta.uri.lower().startswith("s3://"):
            data = read_s3(meta, max_bytes=limits.max_bytes, timeout_s=limits.http_timeout_s,
                           retries=limits.http_retries)
        else:
            data = read_file(meta, max_bytes=limits.max_bytes)
    return convert(meta, data, media, limits=limits, declared=declared)


def convert(meta: SourceMeta, data: bytes, media: MediaType, *, limits: IngestLimits = IngestLimits(),
            declared: Sequence[str] = ()) -> Document:
    """Bytes of a known media type in, a Document out (no I/O: tests and benchmarks call it directly)."""
    source = meta.uri
    if not data:
        raise RejectedInput("the file is empty (0 bytes)", stage="ingest", source=source)
    encoding: str | None = None
    title: str | None = None
    noise: tuple[str, ...] = ()
    if media == "text/plain":
        decoded = decode(data, source=source, declared=declared)
        lines: tuple[str, ...] = tuple(decoded.text.split("\n"))
        encoding = decoded.encoding
    elif media == "text/html":
        page = html_to_text(data, source=source, declared=declared)
        lines, title, noise, encoding = page.lines, page.title_hint, page.noise, page.encoding
    elif media == DOCX:
        word = docx_to_text(data, source=source, max_bytes=limits.max_bytes)
        lines, title = word.lines, word.title_hint
    else:
        pdf = pdf_to_text(data, source=source, max_pages=limits.max_pdf_pages)
        lines, noise, title = pdf.lines, pdf.noise, pdf.title_hint
    cleaned = clean_lines(normalise("\n".join(lines)).split("\n"), noise=noise)
    if not cleaned.text.strip():
        raise RejectedInput("no text left after removing page furniture" if cleaned.noise
                            else "the document has no text", stage="ingest", source=source)
    return Document(source=meta, sha256=hashlib.sha256(data).hexdigest(), media_type=media,
                    encoding=encoding, text=cleaned.text, title_hint=title, noise=cleaned.noise)
