"""Seeded errors: build a good package, corrupt one file, validate; both engines find the same errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sample_records import REJECTED
from validate_helpers import Rows, column, edit_csv

from govpub.package import Package
from govpub.validate import ValidationReport, validate_package


def _keys(report: ValidationReport) -> set[tuple[str, str | None, int | None, str | None]]:
    return {(e.type, e.table, e.row, e.field) for e in report.errors}


def _set(table_rows: Rows, row: int, field: str, value: str) -> None:
    table_rows[row][column(table_rows, field)] = value


def invalid_date(rows: Rows) -> None:
    _set(rows, 2, "start", "2024-02-30")


def duplicate_id(rows: Rows) -> None:
    _set(rows, 3, "section_id", rows[2][column(rows, "section_id")])


def dangling_foreign_key(rows: Rows) -> None:
    _set(rows, 1, "section_id", rows[1][column(rows, "report_id")] + "-s9.9")


def missing_required(rows: Rows) -> None:
    _set(rows, 1, "value", "")


def other_valid_value(rows: Rows) -> None:
    _set(rows, 2, "heading", "被改动的标题")


# (corruption, table, the error it must produce, row, field); rows are 1-based data rows.
SEEDED: list[tuple[str, Callable[[Rows], None], str, str, int, str]] = [
    ("invalid date", invalid_date, "dates", "type-error", 2, "start"),
    ("duplicate id", duplicate_id, "sections", "primary-key", 3, "section_id"),
    ("dangling foreign key", dangling_foreign_key, "measures", "foreign-key", 1, "section_id"),
    ("missing required value", missing_required, "contacts", "constraint-error", 1, "value"),
    ("csv/parquet mismatch", other_valid_value, "sections", "csv-parquet-mismatch", 2, "heading"),
]


def test_the_good_package_is_valid_with_both_engines(package: Package) -> None:
    for engine in ("columnar", "frictionless"):
        report = validate_package(package, rejected=REJECTED, engine=engine)  # type: ignore[arg-type]
        assert report.valid, report.summary()
        assert report.rows_checked == sum(package.row_counts.values())


@pytest.mark.parametrize(("what", "corrupt", "table", "kind", "row", "field"), SEEDED, ids=[s[0] for s in SEEDED])
def test_seeded_error_is_found_with_its_type_and_place(package: Package, what: str, corrupt: Callable[[Rows], None],
                                                       table: str, kind: str, row: int, field: str) -> None:
    edit_csv(package.root, table, corrupt)
    report = validate_package(package, rejected=REJECTED)
    assert not report.valid
    assert (kind, table, row, field) in _keys(report), report.summary()
    # Any other error is the CSV/Parquet check seeing the same cell, or the chain checks seeing the same key.
    for err in report.errors:
        assert err.table == table or err.type == "foreign-key", report.summary()


@pytest.mark.parametrize(("what", "corrupt", "table", "kind", "row", "field"), SEEDED, ids=[s[0] for s in SEEDED])
def test_columnar_and_frictionless_find_the_same_errors(package: Package, what: str, corrupt: Callable[[Rows], None],
                                                        table: str, kind: str, row: int, field: str) -> None:
    edit_csv(package.root, table, corrupt)
    fast = validate_package(package, rejected=REJECTED, engine="columnar")
    oracle = validate_package(package, rejected=REJECTED, engine="frictionless")
    assert _keys(fast) == _keys(oracle), f"columnar:\n{fast.summary()}\nfrictionless:\n{oracle.summary()}"


def test_all_seeded_errors_at_once_match_between_engines(package: Package) -> None:
    for _what, corrupt, table, *_ in SEEDED:
        edit_csv(package.root, table, corrupt)
    edit_csv(package.root, "sections", lambda r: _set(r, 5, "parent_id", r[5][column(r, "report_id")] + "-s7"))
    edit_csv(package.root, "sections", lambda r: _set(r, 4, "level", "9"))
    edit_csv(package.root, "figures", lambda r: _set(r, 1, "value", "二十四"))
    edit_csv(package.root, "reports", lambda r: _set(r, 1, "language", "en"))
    edit_csv(package.root, "reports", lambda r: _set(r, 1, "report_id", "NOT-AN-ID"))
    fast = validate_package(package, rejected=REJECTED, engine="columnar")
    oracle = validate_package(package, rejected=REJECTED, engine="frictionless")
    assert _keys(fast) == _keys(oracle), f"columnar:\n{fast.summary()}\nfrictionless:\n{oracle.summary()}"
    assert {"type-error", "constraint-error", "primary-key", "foreign-key", "csv-parquet-mismatch"} <= {
        e.type for e in fast.errors}


def test_a_changed_file_without_a_new_hash_is_a_hash_error(package: Package) -> None:
    edit_csv(package.root, "dates", invalid_date, stamp=False)
    for engine in ("columnar", "frictionless"):
        report = validate_package(package, rejected=REJECTED, engine=engine)  # type: ignore[arg-type]
        assert ("hash-count", "dates", None, None) in _keys(report), report.summary()


def test_a_changed_parquet_file_is_a_hash_error_and_a_mismatch(package: Package) -> None:
    path = package.root / "data/figures.parquet"
    table = pq.read_table(path)
    pq.write_table(table.slice(0, 2), path)
    report = validate_package(package, rejected=REJECTED)
    assert ("hash-count", "figures", None, None) in _keys(report)
    assert ("csv-parquet-mismatch", "figures", None, None) in _keys(report)


def test_a_missing_file_is_reported_not_raised(package: Package) -> None:
    (package.root / "data/contacts.parquet").unlink()
    (package.root / "excel" / "reports.csv").unlink()
    report = validate_package(package, rejected=REJECTED)
    assert ("file-missing", "contacts", None, None) in _keys(report)
    assert ("file-missing", "reports", None, None) in _keys(report)


def test_a_ragged_csv_falls_back_to_row_level_detail(package: Package) -> None:
    edit_csv(package.root, "dates", lambda r: r[2].append("extra"))
    fast = validate_package(package, rejected=REJECTED)
    assert ("extra-cell", "dates", 2, None) in {(e.type, e.table, e.row, None) for e in fast.errors}, fast.summary()


def test_an_unreadable_descriptor_is_a_package_error(package: Package) -> None:
    (package.root / "datapackage.json").write_text("{not json", encoding="utf-8")
    for engine in ("columnar", "frictionless"):
        report = validate_package(package, engine=engine)  # type: ignore[arg-type]
        assert not report.valid and report.errors[0].type == "package-error"


def test_a_path_escaping_the_package_is_refused(package: Package, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("a\r\n1\r\n", encoding="utf-8")
    path = package.root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "../secret.csv"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate_package(package, rejected=REJECTED)
    assert ("resource-error", "reports", None, None) in _keys(report)


def test_the_report_is_json_serialisable_and_summarised(package: Package) -> None:
    edit_csv(package.root, "dates", invalid_date)
    report = validate_package(package, rejected=REJECTED)
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["valid"] is False and data["engine"] == "columnar"
    assert data["error_counts"]["type-error"] == 1
    assert {"type": "type-error", "table": "dates", "row": 2, "field": "start"} in [
        {k: e[k] for k in ("type", "table", "row", "field")} for e in data["errors"]]
    assert "[type-error] dates:2:start" in report.summary()
