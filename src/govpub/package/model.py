"""The Package: a staged folder of table files plus its descriptor, ready to validate and publish."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PackageFile:
    path: str  # relative to Package.root, POSIX separators, e.g. "data/measures.csv"
    bytes: int
    sha256: str
    media_type: str  # e.g. "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Package:
    root: Path  # staging folder: datapackage.json, README.md, data/*.csv|parquet|xlsx
    name: str  # dataset name
    descriptor: Mapping[str, Any]  # datapackage.json as written (version not yet stamped)
    files: tuple[PackageFile, ...]  # every file under root except datapackage.json
    content_hash: str  # sha256 over the data files and the schemas: equal data => equal hash
    schema_hash: str  # sha256 over the Table Schemas alone: tells a schema change from a data change
    row_counts: Mapping[str, int]
