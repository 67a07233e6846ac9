"""A folder of extraction results keyed on a document's bytes, its source and the parser version.

An unchanged document is not parsed again: the key holds everything the rows depend on (the
content hash, the source identity that report ids come from, and PARSER_VERSION), so a stale
entry can never be served. Entries are written atomically, so concurrent runs can share a folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from govpub import PARSER_VERSION
from govpub.ingest.document import Document
from govpub.records import Records


class ExtractionCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0

    def key(self, document: Document) -> str:
        src = document.source
        ident = "\x1f".join((PARSER_VERSION, document.sha256, src.uri, src.name, src.url or "",
                             src.title or "", src.publisher or "", src.retrieved_at or ""))
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, document: Document) -> Records | None:
        path = self._path(self.key(document))
        try:
            with path.open("rb") as fh:
                # Only govpub writes this folder; entries are our own Records.
                records = pickle.load(fh)  # noqa: S301
        except (FileNotFoundError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return records if isinstance(records, Records) else None

    def put(self, document: Document, records: Records) -> None:
        path = self._path(self.key(document))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(records, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
