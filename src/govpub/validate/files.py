"""The descriptor's resources and files in, byte-count, hash-count and missing-file errors out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from govpub.package.hashing import file_sha256
from govpub.validate.load import safe_path
from govpub.validate.report import ValidationError


def check_entries(root: Path, entries: Iterable[Mapping[str, Any]], *, table_key: str) -> list[ValidationError]:
    """Each entry's path exists inside root and has the declared bytes and sha256.
    `table_key` names the entry property that says which table it belongs to."""
    errors: list[ValidationError] = []
    for entry in entries:
        rel = str(entry.get("path", ""))
        table = entry.get(table_key)
        table = str(table) if table not in (None, "*") else None
        path = safe_path(root, rel)
        if path is None:
            errors.append(ValidationError("resource-error", table, None, None, f"{rel!r} is not a path inside the package"))
            continue
        if not path.is_file():
            errors.append(ValidationError("file-missing", table, None, None, f"{rel} does not exist"))
            continue
        size, sha = file_sha256(path)
        if "bytes" in entry and entry["bytes"] != size:
            errors.append(ValidationError("byte-count", table, None, None,
                                          f"{rel}: expected {entry['bytes']} bytes, found {size}"))
        declared = str(entry.get("hash", ""))
        if declared and declared.removeprefix("sha256:") != sha:
            errors.append(ValidationError("hash-count", table, None, None,
                                          f"{rel}: expected {declared}, found sha256:{sha}"))
    return errors


def check_files(root: Path, descriptor: Mapping[str, Any], *, resources: bool) -> list[ValidationError]:
    """Files listed outside `resources` (Parquet, Excel copies, README) always; the resources
    themselves only when asked (frictionless checks those on its own)."""
    listed = [r for r in descriptor.get("resources", ()) if isinstance(r, dict)]
    resource_paths = {str(r.get("path")) for r in listed}
    # A resource's file is also in the manifest: it is checked once, as the resource.
    others = [f for f in descriptor.get("files", ()) if isinstance(f, dict) and str(f.get("path")) not in resource_paths]
    errors = check_entries(root, others, table_key="table")
    if resources:
        errors += check_entries(root, listed, table_key="name")
    return errors
