"""The Package: a staged folder of table files plus its descriptor, ready to validate and publish."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PackageFile:
    path: str  # relative to Package.root, POSIX separators, e.g. "data/measures.csv"
    bytes: int
    sha256: str
    media_type: str  # e.g. "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Segment:
    """Consecutive rows of one table: those of the reports whose id starts with `prefix`."""

    prefix: str  # report_id prefix, e.g. "3" ("" = one segment for the whole table)
    offset: int  # byte offset of its first row in data/<table>.csv (just after the header line)
    length: int  # bytes of its rows
    rows: int
    sha256: str  # of those bytes


@dataclass(frozen=True)
class CheckedSegment:
    """A segment whose rows were validated when it was rendered, with the result (validate.segment)."""

    prefix: str
    check: Mapping[str, Any]  # SegmentCheck as JSON
    row_offsets: Mapping[str, int]  # table -> rows of the earlier segments


@dataclass(frozen=True)
class Package:
    root: Path  # staging folder: datapackage.json, README.md, data/*.csv|parquet|xlsx
    name: str  # dataset name
    descriptor: Mapping[str, Any]  # datapackage.json as written (version not yet stamped)
    files: tuple[PackageFile, ...]  # every file under root except datapackage.json
    content_hash: str  # sha256 over the data files and the schemas: equal data => equal hash
    schema_hash: str  # sha256 over the Table Schemas alone: tells a schema change from a data change
    row_counts: Mapping[str, int]
    # table -> its segments in file order; empty when the writer did not record them. Every primary
    # key starts with its report id (records.child_id), so a row never moves between segments.
    segments: Mapping[str, tuple[Segment, ...]] = field(default_factory=dict)
    # Set by the segment writer: validation reads these segments' stored results instead of
    # checking their rows again (validate.segment).
    checked_segments: tuple[CheckedSegment, ...] = ()
    # The segments' measures counts for the release page (publish.pages_measures.MeasuresPartial as
    # JSON, in file order); empty: the page reads data/measures.csv.
    measures_partials: tuple[Mapping[str, Any], ...] = ()
