"""A table's typed CSV columns and its Parquet file in, csv-parquet-mismatch errors out."""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from govpub.validate.cells import MAX_ERRORS_PER_CHECK
from govpub.validate.report import ValidationError

KIND = "csv-parquet-mismatch"


def _col(table: pa.Table, name: str) -> pa.Array:
    col = table.column(name)
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def compare(table: str, csv_typed: Mapping[str, pa.Array], parquet: pa.Table) -> list[ValidationError]:
    names = list(csv_typed)
    if parquet.column_names != names:
        return [ValidationError(KIND, table, None, None,
                                f"the Parquet columns {parquet.column_names} differ from the CSV's {names}")]
    rows = len(next(iter(csv_typed.values()))) if names else 0
    if parquet.num_rows != rows:
        return [ValidationError(KIND, table, None, None,
                                f"the CSV has {rows} rows and the Parquet file {parquet.num_rows}")]
    errors: list[ValidationError] = []
    for name in names:
        left = csv_typed[name]
        right = _col(parquet, name)
        if right.type != left.type:
            try:
                right = pc.cast(right, left.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                errors.append(ValidationError(KIND, table, None, name,
                                              f"Parquet type {right.type} does not cast to {left.type}"))
                continue
        if left.equals(right):
            continue  # the usual case, decided by a buffer comparison
        same = pc.fill_null(pc.equal(left, right), False)
        both_null = pc.and_(pc.is_null(left), pc.is_null(right))
        differ = pc.invert(pc.or_(same, both_null))
        if pa.types.is_floating(left.type):
            differ = pc.and_(differ, pc.invert(pc.and_(pc.fill_null(pc.is_nan(left), False),
                                                       pc.fill_null(pc.is_nan(right), False))))
        rows_differ = pc.indices_nonzero(differ).to_pylist()[:MAX_ERRORS_PER_CHECK]
        errors += [ValidationError(KIND, table, r + 1, name, "the CSV and the Parquet file hold different values")
                   for r in rows_differ]
    return errors
