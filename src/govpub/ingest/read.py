"""Entry points of ingest: expand source names into SourceMeta, and read one into a Document.

CONTRACT (owned by the ingest work): signatures and behaviour below are what the rest of
govpub relies on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govpub.ingest.document import Document, SourceMeta


@dataclass(frozen=True)
class IngestLimits:
    max_bytes: int = 64 * 1024 * 1024  # larger sources are rejected, not read
    http_timeout_s: float = 30.0
    http_retries: int = 3


def discover(sources: Sequence[str], *, base_dir: Path | None = None) -> list[SourceMeta]:
    """Expand files, directories (recursively, supported suffixes only, sorted), http(s) URLs
    and s3:// prefixes into one SourceMeta each, merging a sidecar `<file>.meta.json`
    (keys: url, title, publisher, retrieved_at) when present. Sidecars are not sources.
    Relative paths resolve against base_dir. A name that does not exist raises RejectedInput."""
    raise NotImplementedError


def read(meta: SourceMeta, *, limits: IngestLimits = IngestLimits()) -> Document:
    """Fetch, decode and convert one source. Raises RejectedInput (terminal, with a reason
    naming the file and stage) or TransientError (network/S3 trouble worth a retry)."""
    raise NotImplementedError
