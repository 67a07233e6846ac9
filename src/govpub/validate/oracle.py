"""A package folder (or one resource) in, frictionless-py's errors out as govpub ValidationErrors."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govpub.package.schemas import primary_key
from govpub.validate.report import ValidationError


def _convert(table: str | None, error: Any, pk: list[str]) -> ValidationError:
    d = error.to_descriptor()
    row = d.get("rowNumber")
    field = d.get("fieldName")
    if field is None and d.get("fieldNames"):
        field = ",".join(d["fieldNames"])
    if field is None and d["type"] == "primary-key":
        field = ",".join(pk)
    # frictionless numbers rows from the header (first data row = 2); ours from the first data row.
    return ValidationError(str(d["type"]), table, row - 1 if isinstance(row, int) else None, field, str(error.message))


def _report_errors(report: Any, schemas: Mapping[str, list[str]]) -> list[ValidationError]:
    errors = [_convert(None, e, []) for e in report.errors]
    for task in report.tasks:
        errors += [_convert(task.name, e, schemas.get(task.name, [])) for e in task.errors]
    return errors


def frictionless_package(root: Path, descriptor: Mapping[str, Any]) -> list[ValidationError]:
    """The whole package through frictionless: types, constraints, primary and foreign keys, bytes, hashes."""
    # Imported here: a slow import that the columnar path needs only for a broken CSV.
    from frictionless import FrictionlessException, Package

    pks = {str(r.get("name")): primary_key(r.get("schema", {})) for r in descriptor.get("resources", ())
           if isinstance(r, dict)}
    try:
        report = Package(str(root / "datapackage.json")).validate()
    except FrictionlessException as exc:
        return [ValidationError("package-error", None, None, None, f"frictionless cannot read the package: {exc}")]
    return _report_errors(report, pks)


def frictionless_resource(root: Path, resource: Mapping[str, Any]) -> list[ValidationError]:
    """One resource alone, without its foreign keys: the columnar engine's fallback for a CSV
    that Arrow cannot parse (ragged rows, bad labels, bad UTF-8), where row-level detail matters."""
    from frictionless import FrictionlessException, Resource

    plain = dict(resource)
    schema = dict(plain.get("schema", {}))
    schema.pop("foreignKeys", None)
    plain["schema"] = schema
    name = str(plain.get("name"))
    try:
        report = Resource(plain, basepath=str(root)).validate()
    except FrictionlessException as exc:
        return [ValidationError("resource-error", name, None, None, f"frictionless cannot read {name}: {exc}")]
    return _report_errors(report, {name: primary_key(schema)})
