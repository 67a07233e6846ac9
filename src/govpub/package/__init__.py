"""Package: Records in, a staged Frictionless data package out (CSV, Parquet, Excel copy, descriptor, README)."""

from __future__ import annotations

from govpub.package.build import build_package
from govpub.package.model import Package, PackageFile

__all__ = ["Package", "PackageFile", "build_package"]
