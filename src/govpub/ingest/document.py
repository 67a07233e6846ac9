"""The Document: what ingest hands to parse — the source's bytes identity, its text and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MediaType = Literal[
    "text/plain",
    "text/html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/pdf",
]


@dataclass(frozen=True)
class SourceMeta:
    """Where a document came from, and what its sidecar (if any) says about it."""

    uri: str  # how govpub reached it: a path relative to the collection, an http(s) URL or s3:// key
    name: str  # file name, e.g. "000_5e2350e4989e1303.txt"; also the annotation's "file"
    url: str | None = None  # the public page the document was published at (sidecar or the http URL)
    title: str | None = None  # title given by the source metadata
    publisher: str | None = None
    retrieved_at: str | None = None  # ISO 8601 datetime, as the sidecar or fetcher recorded it


@dataclass(frozen=True)
class Document:
    """A decoded document: clean plain text plus provenance. Lines are separated by "\\n"."""

    source: SourceMeta
    sha256: str  # of the raw bytes as fetched
    media_type: MediaType
    encoding: str | None  # detected or declared text encoding; None for binary formats
    text: str  # article text: page furniture removed, one paragraph per line
    title_hint: str | None = None  # an HTML <h1> or DOCX title, a candidate for reports.title
    noise: tuple[str, ...] = field(default=())  # furniture lines removed from the text, for audit
