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
from typing import Any

from govpub import PARSER_VERSION
from govpub.ingest.document import Document, SourceMeta
from govpub.records import Records

TABLES_SUFFIX = ".arrow.pickle"  # a document's rows as Arrow tables (the streaming pipeline's entries)
REPORT_ID_SUFFIX = ".rid"  # the report id those rows carry (placing a document in its segment)


class ExtractionCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.hits = 0
        self.misses = 0

    def key(self, document: Document) -> str:
        return self.key_of(document.source, document.sha256)

    @staticmethod
    def key_of(src: SourceMeta, sha256: str) -> str:
        """The key from the source and the raw bytes' hash alone: for a local file it is known
        before the bytes are converted, so a hit skips the conversion as well."""
        ident = "\x1f".join((PARSER_VERSION, sha256, src.uri, src.name, src.url or "",
                             src.title or "", src.publisher or "", src.retrieved_at or ""))
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()

    def _path(self, key: str, suffix: str = ".pickle") -> Path:
        return self.root / key[:2] / f"{key}{suffix}"

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

    def get_tables(self, key: str) -> dict[str, Any] | None:
        """A document's rows as {table: pyarrow.Table}, or None on a miss."""
        try:
            with self._path(key, TABLES_SUFFIX).open("rb") as fh:
                tables = pickle.load(fh)  # noqa: S301 - only govpub writes this folder
        except (FileNotFoundError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self.misses += 1
            return None
        if not isinstance(tables, dict):
            self.misses += 1
            return None
        self.hits += 1
        return tables

    def put_tables(self, key: str, tables: dict[str, Any]) -> None:
        self._write(self._path(key, TABLES_SUFFIX), tables)

    def report_id(self, key: str) -> str | None:
        """The report id a document of this key was extracted to, or None if never (or rejected):
        enough to place an unchanged document in its segment without reading its rows."""
        try:
            return self._path(key, REPORT_ID_SUFFIX).read_text(encoding="ascii") or None
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def put_report_id(self, key: str, report_id: str) -> None:
        path = self._path(key, REPORT_ID_SUFFIX)
        if not path.is_file():
            self._write_bytes(path, report_id.encode("ascii"))

    def put(self, document: Document, records: Records) -> None:
        self._write(self._path(self.key(document)), records)

    @staticmethod
    def _write(path: Path, value: object) -> None:
        ExtractionCache._write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def _write_bytes(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
