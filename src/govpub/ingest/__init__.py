"""Ingest: source names in, Documents out (fetch bytes, decode, convert to text, clean)."""

from __future__ import annotations

from govpub.ingest.document import Document, SourceMeta
from govpub.ingest.read import IngestLimits, discover, read

__all__ = ["Document", "IngestLimits", "SourceMeta", "discover", "read"]
