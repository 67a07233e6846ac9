"""Rows in (Records tables, Rejected values), typed Arrow tables out: one column per schema field, in order.

Also the Arrow type of every Table Schema type, shared by the writers and the validators.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

ARROW_TYPES: Mapping[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
}
ISO_DATE_FORMAT = "%Y-%m-%d"  # e.g. "2024-06-21"
ISO_DATE_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # e.g. "2024-06-21"; not "2024-6-21" nor "2024-06-21T00:00"


def arrow_type(field: Mapping[str, Any]) -> pa.DataType:
    return ARROW_TYPES[str(field.get("type", "string"))]


def row_tuples(rows: Sequence[object], names: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows as tuples in field order (attrgetter beats dataclasses.astuple, which deep-copies)."""
    if not rows:
        return []
    get = operator.attrgetter(*names)
    if len(names) == 1:
        return [(get(r),) for r in rows]
    return [get(r) for r in rows]


def sort_rows(table: str, rows: Sequence[object], names: Sequence[str]) -> list[object]:
    """Stable order: reports by id, child rows by report id keeping document order within a
    report, rejected sources by (source, stage, error). Equal input in any order -> equal files."""
    if table == "rejected":
        return sorted(rows, key=operator.attrgetter("source", "stage", "error"))
    key = "report_id"
    return sorted(rows, key=lambda r: getattr(r, key) or "")


def parse_dates(values: pa.Array) -> pa.Array:
    """ISO date strings to date32; anything that is not a real calendar date becomes null."""
    strings = values.cast(pa.string())
    lexical = pc.fill_null(pc.match_substring_regex(strings, pattern=ISO_DATE_TEXT), False)
    good = pc.if_else(lexical, strings, pa.scalar(None, pa.string()))
    try:
        # Arrow's cast knows the calendar (2024-02-30 fails) and is ~100x faster than strptime.
        parsed = pc.cast(good, pa.date32())
    except pa.ArrowInvalid:
        parsed = _parse_dates_one_by_one(good)
    # Year 0 exists in Arrow's calendar but not in Python's (nor frictionless').
    year_zero = pc.fill_null(pc.equal(pc.year(parsed), 0), False)
    return pc.if_else(year_zero, pa.scalar(None, pa.date32()), parsed)


def _parse_dates_one_by_one(strings: pa.Array) -> pa.Array:
    """The slow path, for a column holding an impossible date: strptime rolls 2024-02-30 over
    to March, so only a value whose round trip gives the text back is kept."""
    parsed = pc.strptime(strings, format=ISO_DATE_FORMAT, unit="s", error_is_null=True)
    back = pc.strftime(parsed, format=ISO_DATE_FORMAT)
    same = pc.fill_null(pc.equal(back, strings), False)
    return pc.if_else(same, pc.cast(parsed, pa.date32()), pa.scalar(None, pa.date32()))


def empty_to_null(values: pa.Array) -> pa.Array:
    """In these tables an empty string and a missing value are one thing (Table Schema's
    missingValues [""]): CSV cannot tell them apart, so Parquet does not either."""
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def to_arrow(columns: Sequence[Sequence[Any]], schema: Mapping[str, Any]) -> pa.Table:
    """Python column lists (in schema field order) to an Arrow table with the declared types."""
    arrays: list[pa.Array] = []
    fields: list[pa.Field] = []
    for values, field in zip(columns, schema["fields"], strict=True):
        kind = str(field.get("type", "string"))
        if kind == "date":
            array = parse_dates(pa.array(values, type=pa.string()))
        elif kind == "string":
            array = empty_to_null(pa.array(values, type=pa.string()))
        else:
            array = _numbers(values, ARROW_TYPES[kind])
        required = bool(field.get("constraints", {}).get("required", False))
        # A required column holding nulls is bad data; it is still written (nullable) so that
        # validation, not the writer, reports it.
        fields.append(pa.field(field["name"], array.type, nullable=not required or array.null_count > 0))
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _numbers(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    try:
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        # A value of the wrong Python type: keep the good ones, null the rest for validation to flag.
        ok = []
        for v in values:
            try:
                ok.append(pa.scalar(v, type=kind).as_py())
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
                ok.append(None)
        return pa.array(ok, type=kind)


def columns_of(tuples: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    if not tuples:
        return [[] for _ in range(width)]
    return [list(col) for col in zip(*tuples, strict=True)]
