"""A package folder in, each table's text and typed columns out, with the cell, key and file errors found on the way."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.package.schemas import foreign_keys, primary_key
from govpub.validate.cells import MAX_ERRORS_PER_CHECK, check_column
from govpub.validate.crosscheck import CHILD_COLUMNS, WHOLE_TABLES
from govpub.validate.keys import foreign_key_errors, primary_key_errors
from govpub.validate.load import TableFiles, open_csv_text, table_files
from govpub.validate.mismatch import KIND as MISMATCH
from govpub.validate.mismatch import compare
from govpub.validate.oracle import frictionless_resource
from govpub.validate.report import ValidationError


@dataclass
class Loaded:
    text: dict[str, pa.Table] = field(default_factory=dict)  # CSV cells as text, "" as null
    typed: dict[str, pa.Table] = field(default_factory=dict)  # declared types; bad cells null
    schema_errors: list[ValidationError] = field(default_factory=list)  # types, constraints, keys, structure
    shared_errors: list[ValidationError] = field(default_factory=list)  # CSV vs Parquet, unreadable files
    rows: int = 0


def _kept(table: pa.Table, names: set[str] | frozenset[str]) -> pa.Table:
    return table.select([n for n in table.column_names if n in names])


def load_tables(root: Path, descriptor: dict[str, Any]) -> Loaded:
    """Check each table as it is read; keep of it only what the key and cross-table checks need,
    so that memory holds one whole table at a time, not the package."""
    out = Loaded()
    files, errors = table_files(root, descriptor)
    out.shared_errors += errors
    key_columns: dict[str, set[str]] = {}  # table -> fields that are, or are referenced by, foreign keys
    for tf in files:
        for fk_field, ref_table, ref_field in foreign_keys(tf.schema, tf.name):
            key_columns.setdefault(tf.name, set()).add(fk_field)
            key_columns.setdefault(ref_table, set()).add(ref_field)
    resources = {str(r.get("name")): r for r in descriptor["resources"] if isinstance(r, dict)}
    for tf in files:
        if not tf.csv_path.is_file():
            continue  # reported as file-missing by the file checks
        keep_text = None if tf.name in WHOLE_TABLES else \
            key_columns.get(tf.name, set()) | set(primary_key(tf.schema))
        keep_typed = None if tf.name in WHOLE_TABLES else CHILD_COLUMNS
        try:
            checked = _check_table(tf, keep_text, keep_typed)
        except (pa.ArrowInvalid, OSError, UnicodeError):
            checked = None
        if checked is None:
            # Structure is broken: frictionless reports it row by row.
            out.schema_errors += frictionless_resource(root, resources[tf.name])
            continue
        text, typed_table, cell_errors, mismatches = checked
        out.rows += text.num_rows
        out.schema_errors += cell_errors
        out.schema_errors += primary_key_errors(tf.name, text, primary_key(tf.schema))
        out.shared_errors += mismatches
        out.text[tf.name] = text
        out.typed[tf.name] = typed_table
    for tf in files:
        if tf.name in out.text:
            out.schema_errors += foreign_key_errors(tf.name, out.text[tf.name], foreign_keys(tf.schema, tf.name),
                                                    out.text)
    return out


def check_of(e: ValidationError) -> tuple[Any, ...]:
    """Which check an error comes from: what MAX_ERRORS_PER_CHECK counts (a primary-key message
    names the repeated row, so it is left out)."""
    return (e.type, e.table, e.field, e.message if e.type != "primary-key" else "")


def _capped(errors: list[ValidationError], offset: int, counts: dict[tuple[Any, ...], int]) -> list[ValidationError]:
    """A block's errors with table-wide row numbers, at most MAX_ERRORS_PER_CHECK of each check
    over the whole table (as when the table was checked in one piece)."""
    out = []
    for e in errors:
        check = check_of(e)
        if counts.get(check, 0) >= MAX_ERRORS_PER_CHECK:
            continue
        counts[check] = counts.get(check, 0) + 1
        out.append(dataclasses.replace(e, row=e.row + offset) if e.row is not None else e)
    return out


def _check_table(tf: TableFiles, keep_text: set[str] | None, keep_typed: frozenset[str] | None
                 ) -> tuple[pa.Table, pa.Table, list[ValidationError], list[ValidationError]] | None:
    """Cell and CSV-vs-Parquet checks block by block; returns the columns later checks read (all
    of them for keep_* None), the cell errors and the mismatches. None: the header is wrong."""
    names = [str(f["name"]) for f in tf.schema.get("fields", ())]
    reader = open_csv_text(tf.csv_path, names)
    if reader.schema.names != names:
        return None
    parquet = _ParquetRows.open(tf, len(names))
    texts: list[pa.Table] = []
    typeds: list[pa.Table] = []
    cell_errors: list[ValidationError] = []
    mismatches: list[ValidationError] = [] if isinstance(parquet, _ParquetRows) else parquet
    counts: dict[tuple[Any, ...], int] = {}
    offset = 0
    blocks = iter(reader)
    first = True
    while True:
        batch = next(blocks, None)
        if batch is None and not first:
            break
        block = pa.Table.from_batches([batch] if batch is not None else [], schema=reader.schema)
        first = False
        typed: dict[str, pa.Array] = {}
        found: list[ValidationError] = []
        for spec in tf.schema["fields"]:
            values, errors = check_column(tf.name, spec, block.column(str(spec["name"])))
            typed[str(spec["name"])] = values
            found += errors
        cell_errors += _capped(found, offset, counts)
        if isinstance(parquet, _ParquetRows) and parquet.usable:
            mismatches += _capped(compare(tf.name, typed, parquet.take(block.num_rows)), offset, counts)
        texts.append(block if keep_text is None else block.select([n for n in names if n in keep_text]))
        typed_block = pa.table(typed) if typed else pa.table({})
        typeds.append(typed_block if keep_typed is None else
                      typed_block.select([n for n in typed_block.column_names if n in keep_typed]))
        offset += block.num_rows
        if batch is None:
            break
    if isinstance(parquet, _ParquetRows) and parquet.total != offset:
        mismatches = [ValidationError(MISMATCH, tf.name, None, None,
                                      f"the CSV has {offset} rows and the Parquet file {parquet.total}")]
    return pa.concat_tables(texts), pa.concat_tables(typeds), cell_errors, mismatches


PARQUET_BATCH_ROWS = 8192  # long texts: a few MiB decoded at a time


class _ParquetRows:
    """A table's Parquet copy handed out in runs of rows that line up with the CSV's blocks."""

    def __init__(self, file: pq.ParquetFile, errors: list[ValidationError], usable: bool) -> None:
        self.errors, self.usable = errors, usable
        self.schema = file.schema_arrow
        self.total = file.metadata.num_rows
        self._batches = file.iter_batches(batch_size=PARQUET_BATCH_ROWS) if usable else iter(())
        self._pending: list[pa.RecordBatch] = []
        self._rows = 0

    @staticmethod
    def open(tf: TableFiles, width: int) -> _ParquetRows | list[ValidationError]:
        if tf.parquet_path is None:
            return [ValidationError(MISMATCH, tf.name, None, None, "no Parquet copy is listed for this table")]
        if not tf.parquet_path.is_file():
            return []  # reported as file-missing
        names = [str(f["name"]) for f in tf.schema.get("fields", ())]
        try:
            file = pq.ParquetFile(tf.parquet_path)
            if file.schema_arrow.names != names:
                return [ValidationError(MISMATCH, tf.name, None, None,
                                        f"the Parquet columns {file.schema_arrow.names} differ from the CSV's {names}")]
        except (pa.ArrowException, OSError) as exc:
            return [ValidationError(MISMATCH, tf.name, None, None, f"the Parquet file cannot be read: {exc}")]
        return _ParquetRows(file, [], True)

    def take(self, n: int) -> pa.Table:
        while self._rows < n:
            batch = next(self._batches, None)
            if batch is None:
                break
            self._pending.append(batch)
            self._rows += batch.num_rows
        whole = pa.Table.from_batches(self._pending, schema=self.schema)
        head, rest = whole.slice(0, n), whole.slice(n)
        self._pending, self._rows = rest.to_batches(), rest.num_rows
        return head
