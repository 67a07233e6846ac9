"""Text tables in, primary-key and foreign-key errors out (hash-based, vectorised)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from govpub.validate.cells import MAX_ERRORS_PER_CHECK
from govpub.validate.report import ValidationError


def _column(table: pa.Table, name: str) -> pa.Array:
    col = table.column(name)
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def primary_key_errors(name: str, table: pa.Table, pk: Sequence[str]) -> list[ValidationError]:
    """Every row whose key repeats an earlier row's (the first occurrence is fine), as frictionless."""
    if not pk or table.num_rows == 0:
        return []
    if len(pk) == 1:
        keys = _column(table, pk[0])
    else:
        keys = pc.binary_join_element_wise(*[pc.fill_null(_column(table, f), "") for f in pk], "\x1f")
    counts = pc.value_counts(keys)
    dup_values = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    dup_values = pc.drop_null(dup_values)
    if len(dup_values) == 0:
        return []
    # Rare path: only the rows holding a repeated key are visited in Python.
    candidates = pc.indices_nonzero(pc.is_in(keys, value_set=dup_values)).to_pylist()
    seen: dict[object, int] = {}
    errors: list[ValidationError] = []
    key_list = keys.take(pa.array(candidates)).to_pylist()
    for index, key in zip(candidates, key_list, strict=True):
        if key in seen:
            if len(errors) < MAX_ERRORS_PER_CHECK:
                errors.append(ValidationError("primary-key", name, index + 1, ",".join(pk),
                                              f"the key {key!r} repeats row {seen[key] + 1}"))
        else:
            seen[key] = index
    return errors


def foreign_key_errors(name: str, table: pa.Table, fks: Sequence[tuple[str, str, str]],
                       tables: Mapping[str, pa.Table]) -> list[ValidationError]:
    """Every non-null reference whose value is not in the referenced column."""
    errors: list[ValidationError] = []
    for field, ref_table, ref_field in fks:
        target = tables.get(ref_table)
        if target is None or ref_field not in target.column_names:
            errors.append(ValidationError("foreign-key", name, None, field,
                                          f"the referenced table {ref_table!r} (field {ref_field!r}) is missing"))
            continue
        values = _column(table, field)
        missing = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=_column(target, ref_field))))
        rows = pc.indices_nonzero(pc.fill_null(missing, False)).to_pylist()[:MAX_ERRORS_PER_CHECK]
        if rows:
            bad = values.take(pa.array(rows)).to_pylist()
            errors += [ValidationError("foreign-key", name, r + 1, field,
                                       f"{v!r} is not a {ref_table}.{ref_field}") for r, v in zip(rows, bad, strict=True)]
    return errors
