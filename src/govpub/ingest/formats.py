"""File names in, media types out: which suffixes govpub reads, and which names are sidecars."""

from __future__ import annotations

from typing import Final

from govpub.ingest.document import MediaType

DOCX: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SUFFIX_MEDIA: Final[dict[str, MediaType]] = {
    ".txt": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": DOCX,
    ".pdf": "application/pdf",
}

# A sidecar describes the file it is named after: "report.html.meta.json" -> "report.html".
SIDECAR_SUFFIX: Final = ".meta.json"

# Content-Type values (without parameters) a web server may send for the formats we read.
CONTENT_TYPE_MEDIA: Final[dict[str, MediaType]] = {
    "text/plain": "text/plain",
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    DOCX: DOCX,
    "application/pdf": "application/pdf",
    "application/x-pdf": "application/pdf",
}

SUPPORTED: Final = ", ".join(sorted(SUFFIX_MEDIA))


def is_sidecar(name: str) -> bool:
    return name.lower().endswith(SIDECAR_SUFFIX)


def media_type_for_name(name: str) -> MediaType | None:
    """The media type a file name's suffix promises, None for an unsupported suffix or a sidecar."""
    if is_sidecar(name):
        return None
    lower = name.lower()
    dot = lower.rfind(".")
    return SUFFIX_MEDIA.get(lower[dot:]) if dot >= 0 else None


def sniff_media_type(data: bytes) -> MediaType:
    """Best guess from the first bytes, for URLs whose name and Content-Type say nothing useful."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith(b"pk\x03\x04"):
        return DOCX
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head:
        return "text/html"
    return "text/plain"
