"""Documents (report id, content key) in, segments out: which runs of table rows can be reused between runs.

Every table is sorted by report id, and every row's primary key starts with its report's id
(records.child_id), so the rows of the reports whose id starts with a given hex prefix are one
contiguous run in every table, and a run's keys never meet another run's. A segment is such a run:
it is rendered (CSV, Excel CSV, Parquet part), validated and cached on its own, keyed on the
documents in it, and the package's files are its segments laid end to end. One changed document
re-renders one segment; the others are copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import govpub
from govpub import PARSER_VERSION
from govpub.package.schemas import canonical_json, load_schemas

# A segment holds at most this many documents: small enough that one change re-renders little,
# large enough that its Parquet row groups and per-segment overheads stay reasonable.
MAX_SEGMENT_DOCS = 256
# A segment no run has used for this long is deleted (each changed segment leaves its old version).
PRUNE_AFTER_S = 7 * 24 * 3600.0


def prefix_length(docs: int) -> int:
    """The fewest hex digits k with docs / 16**k <= MAX_SEGMENT_DOCS (report ids are uniform hex).
    It changes only when a corpus grows past MAX_SEGMENT_DOCS × 16**k documents: then every segment is
    new once."""
    k = 0
    while docs > MAX_SEGMENT_DOCS * 16 ** k:
        k += 1
    return k


@dataclass(frozen=True)
class DocRef:
    """One document of the run as a segment sees it."""

    report_id: str
    order: int  # position among the run's sources: orders documents with equal report ids
    key: str | None  # content key (ExtractionCache.key_of); None: not cacheable (remote source)


@dataclass(frozen=True)
class SegmentPlan:
    prefix: str
    docs: tuple[DocRef, ...]  # in package order: (report_id, order)
    key: str  # what the segment's files depend on; "" when a document has no content key

    @property
    def cacheable(self) -> bool:
        return bool(self.key)


@cache
def code_hash() -> str:
    """The source of the modules that decide a segment's bytes and its checks: a change to the
    writer or the validator can never be served from a segment rendered by older code."""
    root = Path(govpub.__file__).parent
    digest = hashlib.sha256()
    for sub in ("package", "validate"):
        for path in sorted((root / sub).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update((root / "records.py").read_bytes())
    return digest.hexdigest()


def plan_segments(docs: Sequence[DocRef]) -> list[SegmentPlan]:
    """Group documents by report-id prefix, in package order. Empty prefixes have no segment."""
    k = prefix_length(len(docs))
    groups: dict[str, list[DocRef]] = {}
    for doc in sorted(docs, key=lambda d: (d.report_id, d.order)):
        groups.setdefault(doc.report_id[:k], []).append(doc)
    schemas = hashlib.sha256(canonical_json(load_schemas())).hexdigest()
    plans = []
    for prefix in sorted(groups):
        members = tuple(groups[prefix])
        key = ""
        if all(d.key for d in members):
            ident = {"format": 1, "parser": PARSER_VERSION, "code": code_hash(), "schemas": schemas,
                     "prefix": prefix, "docs": [[d.report_id, d.key] for d in members]}
            key = hashlib.sha256(json.dumps(ident, separators=(",", ":")).encode()).hexdigest()
        plans.append(SegmentPlan(prefix, members, key))
    return plans


class SegmentStore:
    """A folder of rendered segments, one sub-folder each, published atomically (rename of a
    finished temp folder), so runs sharing it never see half a segment."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def has(self, key: str) -> bool:
        return bool(key) and (self.path(key) / "info.json").is_file()

    def new_dir(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))

    def touch(self, key: str) -> None:
        """Mark a segment as used now (pruning keeps what was used recently)."""
        try:
            os.utime(self.path(key))
        except FileNotFoundError:
            pass

    def prune(self, keep: set[str], *, now: float, older_than_s: float = PRUNE_AFTER_S) -> int:
        """Delete segments not in `keep` and unused for `older_than_s`; another collection sharing
        the folder loses at most a re-render. Returns how many were deleted."""
        removed = 0
        for folder in self.root.glob("??/*"):
            if folder.name in keep:
                continue
            try:
                stale = now - folder.stat().st_mtime > older_than_s
            except FileNotFoundError:
                continue
            if stale or folder.name.startswith(".tmp-"):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    def commit(self, tmp: Path, key: str) -> Path:
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(tmp, final)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # another run finished the same segment first
            if not self.has(key):
                raise
        return final


@dataclass(frozen=True)
class SegmentInfo:
    """What a rendered segment holds, read from its info.json."""

    rows: Mapping[str, int]
    header_bytes: Mapping[str, int]  # length of the header line in <table>.csv
    excel_header_bytes: Mapping[str, int]  # BOM + header line in <table>.excel.csv
    body_sha256: Mapping[str, str]  # sha256 of <table>.csv after its header
    source_urls: tuple[str | None, ...]  # of its reports, in order
    raw: bool  # <table>.arrow (raw rows for the workbook) is present
    nullable_required: Mapping[str, tuple[str, ...]]

    def to_json(self) -> dict[str, object]:
        return {"rows": dict(self.rows), "header_bytes": dict(self.header_bytes),
                "excel_header_bytes": dict(self.excel_header_bytes), "body_sha256": dict(self.body_sha256),
                "source_urls": list(self.source_urls), "raw": self.raw,
                "nullable_required": {t: list(c) for t, c in self.nullable_required.items()}}

    @staticmethod
    def read(folder: Path) -> SegmentInfo:
        raw = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        return SegmentInfo(rows=raw["rows"], header_bytes=raw["header_bytes"],
                           excel_header_bytes=raw["excel_header_bytes"], body_sha256=raw["body_sha256"],
                           source_urls=tuple(raw["source_urls"]), raw=bool(raw["raw"]),
                           nullable_required={t: tuple(c) for t, c in raw["nullable_required"].items()})

