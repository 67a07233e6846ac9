"""Validate: a Package in, a ValidationReport out (frictionless + cross-table checks). Never raises for bad data.

CONTRACT (owned by the package work).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from govpub.package.model import Package
from govpub.records import Rejected


@dataclass(frozen=True)
class ValidationError:
    type: str  # stable kebab-case, e.g. "primary-key", "foreign-key", "constraint-error", "csv-parquet-mismatch"
    table: str | None
    row: int | None  # 1-based data row number (header excluded), None for table/package errors
    field: str | None
    message: str


@dataclass(frozen=True)
class ValidationReport:
    valid: bool
    errors: tuple[ValidationError, ...] = field(default=())
    rows_checked: int = 0

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


def validate_package(package: Package, *, rejected: Sequence[Rejected] = ()) -> ValidationReport:
    raise NotImplementedError
