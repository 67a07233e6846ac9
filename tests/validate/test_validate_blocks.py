"""Tables are checked a CSV block at a time: tiny blocks must give the report one block gives."""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv
import pytest
from sample_records import REJECTED, many_reports
from test_validate_seeded import SEEDED, _set
from validate_helpers import build, column, edit_csv

from govpub.validate import load, tables, validate_package


def _tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    real = load.open_csv_text

    def small(path: Path, names: list[str]) -> pacsv.CSVStreamingReader:
        reader = real(path, names)
        read = pacsv.ReadOptions(use_threads=False, block_size=2048)  # a few rows per block
        parse = pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False)
        convert = pacsv.ConvertOptions(column_types={n: reader.schema.field(n).type for n in names},
                                       strings_can_be_null=True, quoted_strings_can_be_null=True, null_values=[""])
        return pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)

    monkeypatch.setattr(tables, "open_csv_text", small)


def test_tiny_blocks_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = build(many_reports(12), tmp_path / "pkg")
    for _what, corrupt, table, *_ in SEEDED:
        edit_csv(package.root, table, corrupt)
    edit_csv(package.root, "sections", lambda r: [_set(r, i, "level", "9") for i in range(20, 60)])
    edit_csv(package.root, "figures", lambda r: _set(r, 30, "value", "二十四"))
    edit_csv(package.root, "measures", lambda r: _set(r, 33, "measure_id", r[2][column(r, "measure_id")]))
    whole = validate_package(package, rejected=REJECTED)
    _tiny_blocks(monkeypatch)
    blocks = validate_package(package, rejected=REJECTED)
    assert not whole.valid and blocks.errors == whole.errors and blocks.rows_checked == whole.rows_checked
    assert {"type-error", "constraint-error", "primary-key", "foreign-key", "csv-parquet-mismatch"} <= {
        e.type for e in blocks.errors}
    assert max(e.row or 0 for e in blocks.errors if e.table == "sections") > 40  # rows past the first block


def test_errors_per_check_stay_capped_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = build(many_reports(12), tmp_path / "pkg")
    edit_csv(package.root, "sections", lambda r: [_set(r, i, "level", "9") for i in range(1, len(r))])
    monkeypatch.setattr(tables, "MAX_ERRORS_PER_CHECK", 5)
    _tiny_blocks(monkeypatch)
    report = validate_package(package, rejected=REJECTED)
    level = [e for e in report.errors if e.type == "constraint-error" and e.field == "level"]
    assert [e.row for e in level] == [1, 2, 3, 4, 5]


def test_a_parquet_copy_with_fewer_rows_is_one_error(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    package = build(many_reports(3), tmp_path / "pkg")
    path = package.root / "data/sections.parquet"
    table = pq.read_table(path)
    pq.write_table(table.slice(0, 5), path)
    report = validate_package(package, rejected=REJECTED)
    mismatch = [e for e in report.errors if e.type == "csv-parquet-mismatch"]
    assert [(e.table, e.row, e.message) for e in mismatch] == [
        ("sections", None, f"the CSV has {table.num_rows} rows and the Parquet file 5")]
