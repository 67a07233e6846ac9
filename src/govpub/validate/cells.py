"""A text column and its Table Schema field in, cell errors and the typed column out (vectorised)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from govpub.package.columns import ARROW_TYPES, parse_dates
from govpub.validate.report import ValidationError

# Lexical forms the writer emits and frictionless accepts.
INTEGER_TEXT = r"^[+-]?[0-9]{1,18}$"  # e.g. "120", "-3"; 19+ digits may overflow int64, so they count as bad
NUMBER_TEXT = r"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|INF|-INF)$"  # e.g. "24.0", "1e-05", "NaN"
DATE_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # e.g. "2024-06-21"
MAX_ERRORS_PER_CHECK = 1000  # per table, field and error type: enough to act on, bounded at scale


def _rows(mask: pa.Array) -> list[int]:
    """1-based data row numbers where mask is true."""
    idx = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
    return [i + 1 for i in idx[:MAX_ERRORS_PER_CHECK]]


def _errors(kind: str, table: str, field: str, mask: pa.Array, message: str) -> list[ValidationError]:
    return [ValidationError(kind, table, row, field, message) for row in _rows(mask)]


def typed(text: pa.Array, kind: str) -> tuple[pa.Array, pa.Array]:
    """(typed values, mask of cells that are present but not of the type)."""
    if kind == "string":
        return text, pa.array([False] * len(text), pa.bool_())
    pattern = {"integer": INTEGER_TEXT, "number": NUMBER_TEXT, "date": DATE_TEXT}[kind]
    lexical = pc.match_substring_regex(text, pattern=pattern)
    good = pc.if_else(lexical, text, pa.scalar(None, pa.string()))
    if kind == "date":
        values = parse_dates(good)
    else:
        if kind == "integer":
            good = pc.replace_substring_regex(good, pattern=r"^\+", replacement="")
        values = pc.cast(good, ARROW_TYPES[kind])
    bad = pc.and_(pc.is_valid(text), pc.is_null(values))
    return values, bad


def check_column(table: str, field: Mapping[str, Any], text: pa.Array) -> tuple[pa.Array, list[ValidationError]]:
    """Type, then constraints on well-typed cells: one error per bad cell, as frictionless reports."""
    name = str(field["name"])
    kind = str(field.get("type", "string"))
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    values, bad_type = typed(text, kind)
    errors = _errors("type-error", table, name, bad_type, f'cell is not of type "{kind}"')
    cons = field.get("constraints", {})
    reported = bad_type
    checks: list[tuple[str, pa.Array]] = []
    if cons.get("required"):
        checks.append(('constraint "required" is "True"', pc.and_(pc.is_null(text), pc.invert(bad_type))))
    present = pc.is_valid(values)
    if "enum" in cons:
        allowed = pa.array(list(cons["enum"]), type=values.type) if kind != "date" else \
            parse_dates(pa.array(list(cons["enum"]), pa.string()))
        checks.append((f'constraint "enum" is "{list(cons["enum"])}"',
                       pc.and_(present, pc.invert(pc.is_in(values, value_set=allowed)))))
    if "pattern" in cons and kind == "string":
        # Table Schema patterns are anchored (XML Schema style); RE2 needs it said.
        pattern = f"^(?:{cons['pattern'].removeprefix('^').removesuffix('$')})$"
        checks.append((f'constraint "pattern" is "{cons["pattern"]}"',
                       pc.and_(present, pc.invert(pc.match_substring_regex(values, pattern=pattern)))))
    if "minimum" in cons and kind in ("integer", "number"):
        checks.append((f'constraint "minimum" is "{cons["minimum"]}"', pc.less(values, cons["minimum"])))
    if "maximum" in cons and kind in ("integer", "number"):
        checks.append((f'constraint "maximum" is "{cons["maximum"]}"', pc.greater(values, cons["maximum"])))
    if "minLength" in cons and kind == "string":
        checks.append((f'constraint "minLength" is "{cons["minLength"]}"',
                       pc.less(pc.utf8_length(values), cons["minLength"])))
    if "maxLength" in cons and kind == "string":
        checks.append((f'constraint "maxLength" is "{cons["maxLength"]}"',
                       pc.greater(pc.utf8_length(values), cons["maxLength"])))
    for message, mask in checks:
        # One error per cell: a cell already reported (bad type, earlier constraint) is skipped.
        fresh = pc.and_(pc.fill_null(mask, False), pc.invert(reported))
        errors += _errors("constraint-error", table, name, fresh, message)
        reported = pc.or_(reported, fresh)
    return values, errors
