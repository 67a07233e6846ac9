"""Validation errors in, one ValidationReport out: the value every engine returns (JSON-serialisable)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Engine = Literal["columnar", "frictionless"]


@dataclass(frozen=True)
class ValidationError:
    type: str  # stable kebab-case, e.g. "primary-key", "foreign-key", "constraint-error", "csv-parquet-mismatch"
    table: str | None
    row: int | None  # 1-based data row number (header excluded), None for table/package errors
    field: str | None
    message: str

    def key(self) -> tuple[str, str, int, str]:
        """Sort and compare key: what and where, without the wording."""
        return (self.type, self.table or "", self.row or 0, self.field or "")


@dataclass(frozen=True)
class ValidationReport:
    valid: bool
    errors: tuple[ValidationError, ...] = field(default=())
    rows_checked: int = 0
    engine: str = "columnar"

    @staticmethod
    def of(errors: Iterable[ValidationError], *, rows_checked: int, engine: str) -> ValidationReport:
        ordered = tuple(sorted(set(errors), key=lambda e: (*e.key(), e.message)))
        return ValidationReport(valid=not ordered, errors=ordered, rows_checked=rows_checked, engine=engine)

    def summary(self) -> str:
        if self.valid:
            return f"valid: {self.rows_checked} rows checked, no errors"
        lines = [f"INVALID: {len(self.errors)} error(s) in {self.rows_checked} rows"]
        for err in self.errors[:20]:
            where = ":".join(str(p) for p in (err.table, err.row, err.field) if p is not None)
            lines.append(f"  [{err.type}] {where} {err.message}")
        if len(self.errors) > 20:
            lines.append(f"  … and {len(self.errors) - 20} more")
        return "\n".join(lines)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for err in self.errors:
            out[err.type] = out.get(err.type, 0) + 1
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "engine": self.engine,
            "rows_checked": self.rows_checked,
            "error_counts": self.counts(),
            "errors": [asdict(e) for e in self.errors],
        }
