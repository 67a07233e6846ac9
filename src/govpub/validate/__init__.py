"""Validate: a Package in, a ValidationReport out (columnar or frictionless checks + cross-table checks). Never raises for bad data."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from govpub.package.model import Package
from govpub.records import Rejected
from govpub.validate.crosscheck import cross_checks
from govpub.validate.files import check_files
from govpub.validate.load import PackageUnreadable, read_descriptor
from govpub.validate.oracle import frictionless_package
from govpub.validate.report import Engine, ValidationError, ValidationReport
from govpub.validate.segment import validate_segmented
from govpub.validate.tables import load_tables

__all__ = ["Engine", "ValidationError", "ValidationReport", "validate_folder", "validate_package"]


def validate_package(package: Package, *, rejected: Sequence[Rejected] = (),
                     engine: Engine = "columnar", reuse_segment_checks: bool = False) -> ValidationReport:
    """Check the package as written on disk. engine="columnar" (the default) checks types,
    constraints and keys with Arrow compute; engine="frictionless" asks frictionless-py for
    those (slower, the reference). Both add the same cross-table and CSV/Parquet checks.
    reuse_segment_checks: for a package the segment writer has just assembled in this run, take
    each segment's stored results instead of reading its rows again (validate.segment)."""
    if reuse_segment_checks and engine == "columnar" and package.checked_segments:
        return validate_segmented(package, rejected)
    return validate_folder(package.root, rejected=rejected, engine=engine)


def validate_folder(root: Path, *, rejected: Sequence[Rejected] = (), engine: Engine = "columnar") -> ValidationReport:
    try:
        descriptor = read_descriptor(Path(root))
    except PackageUnreadable as exc:
        return ValidationReport.of([ValidationError("package-error", None, None, None, str(exc))],
                                   rows_checked=0, engine=engine)
    # Hashing every file is I/O and hashlib releases the GIL: it runs beside the table checks.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashed = pool.submit(check_files, Path(root), descriptor, resources=engine == "columnar")
        loaded = load_tables(Path(root), descriptor)
        errors = [*loaded.shared_errors, *cross_checks(loaded.typed, {r.source for r in rejected})]
        if engine == "frictionless":
            errors += frictionless_package(Path(root), descriptor)
        else:
            errors += loaded.schema_errors
        errors += hashed.result()
    return ValidationReport.of(errors, rows_checked=loaded.rows, engine=engine)
