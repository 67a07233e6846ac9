"""Typed tables in, cross-table errors out: what no single-table schema can say about govpub's data."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from govpub.validate.cells import MAX_ERRORS_PER_CHECK
from govpub.validate.report import ValidationError

# reports.<count field> must equal the number of rows of that child table for the report.
COUNT_FIELDS = {"sections": "section_count", "measures": "measure_count", "dates": "date_count",
                "contacts": "contact_count", "figures": "figure_count"}
# Start/end pairs that must not run backwards: (table, start field, end field).
RANGES = (("dates", "start", "end"), ("reports", "disclosure_start", "disclosure_end"),
          ("reports", "inspection_start", "inspection_end"))
OFFSET_TABLES = ("sections", "measures", "dates", "contacts", "figures")
# Columns of the child tables these checks read (reports and rejected are kept whole): the
# loader drops the rest (bodies, texts) once a table's own checks are done.
CHILD_COLUMNS = frozenset({"report_id", "section_id", "parent_id", "level", "char_start", "char_end",
                           *(f for t, a, b in RANGES if t not in ("reports", "rejected") for f in (a, b))})
WHOLE_TABLES = frozenset({"reports", "rejected"})


def _col(table: pa.Table, name: str) -> pa.Array:
    col = table.column(name)
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _flag(kind: str, table: str, field: str | None, mask: pa.Array, message: str) -> list[ValidationError]:
    rows = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()[:MAX_ERRORS_PER_CHECK]
    return [ValidationError(kind, table, r + 1, field, message) for r in rows]


def _has(tables: Mapping[str, pa.Table], name: str, *fields: str) -> bool:
    return name in tables and all(f in tables[name].column_names for f in fields)


WITHOUT_SECTIONS = "the report has no sections and its source is not in the rejected list"


def lacking_sections(tables: Mapping[str, pa.Table]) -> pa.Array | None:
    """Per report row: True when no section belongs to it (None: the tables to tell are missing)."""
    if not _has(tables, "reports", "report_id", "source_uri") or not _has(tables, "sections", "report_id"):
        return None
    with_sections = pc.unique(pc.drop_null(_col(tables["sections"], "report_id")))
    return pc.invert(pc.is_in(_col(tables["reports"], "report_id"), value_set=with_sections))


def reports_have_sections(tables: Mapping[str, pa.Table], rejected_sources: Collection[str]) -> list[ValidationError]:
    lacking = lacking_sections(tables)
    if lacking is None:
        return []
    sources = _col(tables["reports"], "source_uri")
    excused = pc.is_in(sources, value_set=pa.array(sorted(rejected_sources), pa.string()))
    return _flag("report-without-sections", "reports", "report_id", pc.and_(lacking, pc.invert(excused)),
                 WITHOUT_SECTIONS)


def parent_chains(tables: Mapping[str, pa.Table]) -> list[ValidationError]:
    """Levels strictly fall along parent links, within one report, and only level 1 has no
    parent: so every chain ends at a level-1 heading and no chain can loop."""
    if not _has(tables, "sections", "section_id", "report_id", "parent_id", "level"):
        return []
    s = tables["sections"]
    level, parent, report = _col(s, "level"), _col(s, "parent_id"), _col(s, "report_id")
    errors = _flag("section-parent-chain", "sections", "parent_id",
                   pc.and_(pc.is_null(parent), pc.not_equal(level, 1)),
                   "a section below level 1 has no parent")
    errors += _flag("section-parent-chain", "sections", "parent_id",
                    pc.and_(pc.is_valid(parent), pc.equal(level, 1)), "a level-1 section has a parent")
    idx = pc.index_in(parent, value_set=_col(s, "section_id"))
    parent_level = pc.take(level, idx)
    parent_report = pc.take(report, idx)
    errors += _flag("section-parent-chain", "sections", "parent_id",
                    pc.and_(pc.not_equal(level, 1), pc.greater_equal(parent_level, level)),
                    "the parent's level is not above the section's")
    errors += _flag("section-parent-chain", "sections", "parent_id", pc.not_equal(parent_report, report),
                    "the parent belongs to another report")
    return errors


def sections_in_own_report(tables: Mapping[str, pa.Table]) -> list[ValidationError]:
    if not _has(tables, "sections", "section_id", "report_id"):
        return []
    s = tables["sections"]
    errors: list[ValidationError] = []
    for name in ("measures", "dates", "figures"):
        if not _has(tables, name, "section_id", "report_id"):
            continue
        t = tables[name]
        idx = pc.index_in(_col(t, "section_id"), value_set=_col(s, "section_id"))
        errors += _flag("section-report-mismatch", name, "section_id",
                        pc.not_equal(pc.take(_col(s, "report_id"), idx), _col(t, "report_id")),
                        "the section belongs to another report")
    return errors


def ranges_ordered(tables: Mapping[str, pa.Table]) -> list[ValidationError]:
    errors: list[ValidationError] = []
    for name, start, end in RANGES:
        if _has(tables, name, start, end):
            t = tables[name]
            errors += _flag("date-range-inverted", name, end, pc.greater(_col(t, start), _col(t, end)),
                            f"{end} is before {start}")
    for name in OFFSET_TABLES:
        if _has(tables, name, "char_start", "char_end"):
            t = tables[name]
            errors += _flag("offset-range-inverted", name, "char_end",
                            pc.greater(_col(t, "char_start"), _col(t, "char_end")), "char_end is before char_start")
    return errors


def counts_match(tables: Mapping[str, pa.Table]) -> list[ValidationError]:
    if not _has(tables, "reports", "report_id"):
        return []
    reports = tables["reports"]
    ids = _col(reports, "report_id")
    errors: list[ValidationError] = []
    for child, count_field in COUNT_FIELDS.items():
        if not _has(tables, child, "report_id") or count_field not in reports.column_names:
            continue
        vc = pc.value_counts(pc.drop_null(_col(tables[child], "report_id")))
        idx = pc.index_in(ids, value_set=vc.field("values"))
        actual = pc.fill_null(pc.take(vc.field("counts"), idx), 0)
        errors += _flag("count-mismatch", "reports", count_field,
                        pc.not_equal(_col(reports, count_field), pc.cast(actual, pa.int64())),
                        f"{count_field} differs from the number of rows in {child}")
    return errors


def rejected_not_published(tables: Mapping[str, pa.Table]) -> list[ValidationError]:
    """A source is either in reports or in the rejected list, never both."""
    if not _has(tables, "reports", "source_uri") or not _has(tables, "rejected", "source"):
        return []
    both = pc.is_in(_col(tables["rejected"], "source"), value_set=_col(tables["reports"], "source_uri"))
    return _flag("rejected-and-published", "rejected", "source", both, "the source is also in reports")


def rejected_listed(tables: Mapping[str, pa.Table], rejected_sources: Collection[str]) -> list[ValidationError]:
    """Every source the run rejected is in the package's rejected table: none is silently dropped."""
    if not rejected_sources or not _has(tables, "rejected", "source"):
        return []
    listed = set(pc.drop_null(_col(tables["rejected"], "source")).to_pylist())
    return [ValidationError("rejected-not-listed", "rejected", None, "source",
                            f"{source!r} was rejected but is not in the rejected table")
            for source in sorted(set(rejected_sources) - listed)[:MAX_ERRORS_PER_CHECK]]


def cross_checks(tables: Mapping[str, pa.Table], rejected_sources: Collection[str]) -> list[ValidationError]:
    return [*reports_have_sections(tables, rejected_sources), *parent_chains(tables),
            *sections_in_own_report(tables), *ranges_ordered(tables), *counts_match(tables),
            *rejected_not_published(tables), *rejected_listed(tables, rejected_sources)]
