"""A rendered segment's folder in, its validation errors out; and every segment's results in, the package's report out.

A segment holds all rows of the reports whose id starts with its prefix, and every primary key
starts with its report's id, so type, constraint, primary-key, foreign-key, CSV-vs-Parquet and
cross-table checks of a segment see everything they need; what no segment sees alone (the
rejected list against the reports) is checked on the assembled package. A segment proves the
prefix rule for its own rows, so keys of different segments can never collide.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from govpub.package.model import Package
from govpub.package.schemas import load_schemas, primary_key, thaw
from govpub.records import TABLES, Rejected
from govpub.validate.cells import MAX_ERRORS_PER_CHECK
from govpub.validate.crosscheck import (
    WITHOUT_SECTIONS,
    counts_match,
    lacking_sections,
    parent_chains,
    ranges_ordered,
    rejected_listed,
    rejected_not_published,
    sections_in_own_report,
)
from govpub.validate.load import PackageUnreadable, read_descriptor, safe_path
from govpub.validate.report import ValidationError, ValidationReport
from govpub.validate.tables import check_of, load_tables

# "the key '…' repeats row 12": the row a primary-key message names is moved with the error's row.
REPEATS_ROW = re.compile(r"repeats row (\d+)$")


@dataclass(frozen=True)
class SegmentCheck:
    errors: tuple[ValidationError, ...]  # rows counted from the segment's first row of each table
    rows: int  # rows checked
    lacking_sections: tuple[tuple[int, str], ...]  # (reports row, source_uri) of reports without sections

    def to_json(self) -> dict[str, Any]:
        return {"errors": [dataclasses.asdict(e) for e in self.errors], "rows": self.rows,
                "lacking_sections": [list(x) for x in self.lacking_sections]}

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> SegmentCheck:
        return SegmentCheck(tuple(ValidationError(**e) for e in raw["errors"]), int(raw["rows"]),
                            tuple((int(r), str(s)) for r, s in raw["lacking_sections"]))


def _descriptor() -> dict[str, Any]:
    schemas = load_schemas()
    return {"resources": [{"name": t, "path": f"{t}.csv", "schema": thaw(schemas[t])} for t in TABLES],
            "files": [{"path": f"{t}.parquet", "table": t} for t in TABLES]}


def check_segment(folder: Path, prefix: str) -> SegmentCheck:
    """Every check that a segment's own rows can answer. Reports without sections are kept with
    their source: whether the rejected list excuses them is known only for the whole run."""
    loaded = load_tables(folder, _descriptor())
    errors = [*loaded.schema_errors, *loaded.shared_errors]
    typed = loaded.typed
    errors += [*parent_chains(typed), *sections_in_own_report(typed), *ranges_ordered(typed), *counts_match(typed)]
    errors += _prefix_errors(loaded.text, prefix)
    mask = lacking_sections(typed)
    rows = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist() if mask is not None else []
    sources = typed["reports"].column("source_uri").take(rows).to_pylist() if rows else []
    return SegmentCheck(tuple(errors), loaded.rows, tuple((r + 1, str(s)) for r, s in zip(rows, sources, strict=True)))


def _prefix_errors(text: Mapping[str, pa.Table], prefix: str) -> list[ValidationError]:
    if not prefix:
        return []
    errors: list[ValidationError] = []
    for table, data in text.items():
        for name in dict.fromkeys([*primary_key(load_schemas()[table]), "report_id"]):
            if name not in data.column_names:
                continue
            outside = pc.invert(pc.fill_null(pc.starts_with(data.column(name).combine_chunks(), prefix), False))
            for row in pc.indices_nonzero(outside).to_pylist()[:MAX_ERRORS_PER_CHECK]:
                errors.append(ValidationError("segment-key", table, row + 1, name,
                                              f"{name} does not start with the segment's prefix {prefix!r}"))
    return errors


def merge_checks(checks: Sequence[tuple[SegmentCheck, Mapping[str, int]]], rejected_sources: Collection[str]
                 ) -> tuple[list[ValidationError], int]:
    """Each segment's errors at their rows in the package's tables (offsets: rows of earlier segments),
    at most MAX_ERRORS_PER_CHECK of a check per table, and reports without sections unless rejected."""
    out: list[ValidationError] = []
    counts: dict[tuple[Any, ...], int] = {}
    rows = 0
    rejected = set(rejected_sources)
    for check, offsets in checks:
        rows += check.rows
        for e in check.errors:
            moved = _moved(e, offsets.get(e.table or "", 0))
            kind = check_of(e)
            if counts.get(kind, 0) >= MAX_ERRORS_PER_CHECK:
                continue
            counts[kind] = counts.get(kind, 0) + 1
            out.append(moved)
        for row, source in check.lacking_sections:
            lacking = ("report-without-sections",)
            if source in rejected or counts.get(lacking, 0) >= MAX_ERRORS_PER_CHECK:
                continue
            counts[lacking] = counts.get(lacking, 0) + 1
            out.append(ValidationError("report-without-sections", "reports", row + offsets.get("reports", 0),
                                       "report_id", WITHOUT_SECTIONS))
    return out, rows


def _moved(e: ValidationError, offset: int) -> ValidationError:
    if e.row is None or not offset:
        return e
    message = e.message
    if e.type == "primary-key":
        message = REPEATS_ROW.sub(lambda m: f"repeats row {int(m.group(1)) + offset}", message)
    return dataclasses.replace(e, row=e.row + offset, message=message)


def validate_segmented(package: Package, rejected: Sequence[Rejected]) -> ValidationReport:
    """A package assembled from checked segments: their stored results, plus what only the whole
    package can show (the rejected list against the reports, empty tables, the files themselves).
    The files were hashed as they were written; here their sizes are checked against the descriptor."""
    try:
        descriptor = read_descriptor(package.root)
    except PackageUnreadable as exc:
        return ValidationReport.of([ValidationError("package-error", None, None, None, str(exc))],
                                   rows_checked=0, engine="columnar")
    sources = {r.source for r in rejected}
    errors, rows = merge_checks([(SegmentCheck.from_json(s.check), s.row_offsets) for s in package.checked_segments],
                                sources)
    errors += _file_errors(package, descriptor)
    segmented = {t for t in TABLES if package.segments.get(t)}
    whole = {"resources": [r for r in descriptor["resources"] if isinstance(r, dict) and r.get("name") not in segmented],
             "files": [f for f in descriptor.get("files", ()) if isinstance(f, dict) and f.get("table") not in segmented]}
    loaded = load_tables(package.root, whole)
    errors += [*loaded.schema_errors, *loaded.shared_errors]
    rows += loaded.rows
    tables = dict(loaded.typed)
    reports = package.root / "data/reports.parquet"
    if "reports" in segmented and reports.is_file():
        tables["reports"] = pq.read_table(reports, columns=["source_uri"])
    errors += [*rejected_not_published(tables), *rejected_listed(tables, sources)]
    for table in segmented:
        path = package.root / f"data/{table}.parquet"
        if path.is_file() and pq.ParquetFile(path).metadata.num_rows != package.row_counts.get(table):
            errors.append(ValidationError("csv-parquet-mismatch", table, None, None,
                                          f"the Parquet file has {pq.ParquetFile(path).metadata.num_rows} rows, "
                                          f"the CSV {package.row_counts.get(table)}"))
    return ValidationReport.of(errors, rows_checked=rows, engine="columnar")


def _file_errors(package: Package, descriptor: Mapping[str, Any]) -> list[ValidationError]:
    """Every listed file exists with the size and hash its writer recorded."""
    written = {f.path: f for f in package.files}
    errors: list[ValidationError] = []
    for entry in [*descriptor["resources"], *descriptor.get("files", ())]:
        if not isinstance(entry, dict):
            continue
        rel = str(entry.get("path", ""))
        table = entry.get("name") or entry.get("table")
        table = str(table) if table not in (None, "*") else None
        path = safe_path(package.root, rel)
        known = written.get(rel)
        if path is None or known is None:
            errors.append(ValidationError("resource-error", table, None, None, f"{rel!r} is not a file of the package"))
        elif not path.is_file():
            errors.append(ValidationError("file-missing", table, None, None, f"{rel} does not exist"))
        elif path.stat().st_size != known.bytes or entry.get("bytes", known.bytes) != known.bytes:
            errors.append(ValidationError("byte-count", table, None, None, f"{rel}: expected {known.bytes} bytes"))
        elif str(entry.get("hash", f"sha256:{known.sha256}")).removeprefix("sha256:") != known.sha256:
            errors.append(ValidationError("hash-count", table, None, None, f"{rel}: the hash differs from the written file's"))
    return errors
