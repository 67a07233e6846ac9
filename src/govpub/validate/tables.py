"""A package folder in, each table's text and typed columns out, with the cell, key and file errors found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.package.schemas import foreign_keys, primary_key
from govpub.validate.cells import check_column
from govpub.validate.crosscheck import CHILD_COLUMNS, WHOLE_TABLES
from govpub.validate.keys import foreign_key_errors, primary_key_errors
from govpub.validate.load import TableFiles, read_csv_text, read_parquet, table_files
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
        names = [str(f["name"]) for f in tf.schema.get("fields", ())]
        try:
            text = read_csv_text(tf.csv_path, names)
        except (pa.ArrowInvalid, OSError, UnicodeError):
            text = None
        if text is None or text.column_names != names:
            # Structure is broken: frictionless reports it row by row.
            out.schema_errors += frictionless_resource(root, resources[tf.name])
            continue
        out.rows += text.num_rows
        typed: dict[str, pa.Array] = {}
        for spec in tf.schema["fields"]:
            values, cell_errors = check_column(tf.name, spec, text.column(str(spec["name"])))
            typed[str(spec["name"])] = values
            out.schema_errors += cell_errors
        out.schema_errors += primary_key_errors(tf.name, text, primary_key(tf.schema))
        out.shared_errors += _parquet(tf, typed)
        whole = tf.name in WHOLE_TABLES
        out.text[tf.name] = text if whole else _kept(text, key_columns.get(tf.name, set()))
        typed_table = pa.table(typed) if typed else pa.table({})
        out.typed[tf.name] = typed_table if whole else _kept(typed_table, CHILD_COLUMNS)
    for tf in files:
        if tf.name in out.text:
            out.schema_errors += foreign_key_errors(tf.name, out.text[tf.name], foreign_keys(tf.schema, tf.name),
                                                    out.text)
    return out


def _parquet(tf: TableFiles, typed: dict[str, pa.Array]) -> list[ValidationError]:
    if tf.parquet_path is None:
        return [ValidationError(MISMATCH, tf.name, None, None, "no Parquet copy is listed for this table")]
    if not tf.parquet_path.is_file():
        return []  # reported as file-missing
    try:
        parquet = pq.ParquetFile(tf.parquet_path)
        names, rows = parquet.schema_arrow.names, parquet.metadata.num_rows
        if names != list(typed) or rows != (len(next(iter(typed.values()))) if typed else 0):
            return compare(tf.name, typed, read_parquet(tf.parquet_path))  # reports the shape mismatch
        # Column by column: one Parquet column in memory beside the CSV's, not a second table.
        errors: list[ValidationError] = []
        for name in names:
            errors += compare(tf.name, {name: typed[name]}, parquet.read(columns=[name]))
        return errors
    except (pa.ArrowException, OSError) as exc:
        return [ValidationError(MISMATCH, tf.name, None, None, f"the Parquet file cannot be read: {exc}")]
