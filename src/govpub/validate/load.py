"""A staged package folder in, its descriptor and each table's CSV (as text) and Parquet (typed) out."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from govpub.validate.report import ValidationError


@dataclass(frozen=True)
class TableFiles:
    name: str
    schema: Mapping[str, Any]
    csv_path: Path
    parquet_path: Path | None


class PackageUnreadable(Exception):
    """The descriptor itself cannot be read: nothing else can be checked."""


def safe_path(root: Path, relative: str) -> Path | None:
    """A descriptor path inside root, or None for one that would escape it (absolute, '..', URL)."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or "://" in relative or "\\" in relative or not relative:
        return None
    return root / pure


def read_descriptor(root: Path) -> dict[str, Any]:
    path = root / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageUnreadable(f"{path} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageUnreadable(f"{path} is not UTF-8 JSON: {exc}") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageUnreadable(f"{path} has no resources list")
    return descriptor


def table_files(root: Path, descriptor: Mapping[str, Any]) -> tuple[list[TableFiles], list[ValidationError]]:
    """Each table resource with its Parquet copy (from the descriptor's `files`, table = resource)."""
    copies = {f.get("table"): f.get("path") for f in descriptor.get("files", ())
              if isinstance(f, dict) and str(f.get("path", "")).endswith(".parquet")}
    out: list[TableFiles] = []
    errors: list[ValidationError] = []
    for res in descriptor["resources"]:
        name = str(res.get("name"))
        csv = safe_path(root, str(res.get("path", "")))
        if csv is None:
            errors.append(ValidationError("resource-error", name, None, None,
                                          f"path {res.get('path')!r} is not a relative path inside the package"))
            continue
        if not isinstance(res.get("schema"), dict):
            errors.append(ValidationError("schema-error", name, None, None, "resource has no inline schema"))
            continue
        pq_rel = copies.get(name)
        out.append(TableFiles(name, res["schema"], csv, safe_path(root, pq_rel) if pq_rel else None))
    return out, errors


def read_csv_text(path: Path, names: list[str]) -> pa.Table:
    """Every column as text, "" as null (Table Schema missingValues). Raises pa.ArrowInvalid
    on structural problems (ragged rows, bad UTF-8): the caller hands those to frictionless."""
    read = pacsv.ReadOptions(use_threads=True, block_size=8 << 20)
    parse = pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False)
    convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=True,
                                   quoted_strings_can_be_null=True, null_values=[""])
    return pacsv.read_csv(path, read_options=read, parse_options=parse, convert_options=convert)


def read_parquet(path: Path) -> pa.Table:
    return pq.read_table(path)


CSV_BLOCK_BYTES = 8 << 20  # a block of CSV text checked at once: Arrow amortises, memory stays small


def open_csv_text(path: Path, names: list[str]) -> pacsv.CSVStreamingReader:
    """read_csv_text a block at a time: the same cells, for tables too large to hold twice."""
    read = pacsv.ReadOptions(use_threads=True, block_size=CSV_BLOCK_BYTES)
    parse = pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False)
    convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=True,
                                   quoted_strings_can_be_null=True, null_values=[""])
    return pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)
