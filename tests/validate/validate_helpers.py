"""Helpers for the validation tests: build a package from records, corrupt one of its CSVs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from sample_records import CREATED, META, REJECTED, Records

from govpub.package import Package, build_package
from govpub.package.hashing import file_sha256


def build(records: Records, root: Path) -> Package:
    return build_package(records, META, root, created=CREATED, rejected=REJECTED)


def restamp(root: Path) -> None:
    """Re-declare every file's bytes and sha256, as a buggy writer would: the corruption is then
    in the data alone, so each seeded error shows up by itself."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for entry in [*descriptor["resources"], *descriptor["files"]]:
        size, sha = file_sha256(root / entry["path"])
        entry["bytes"], entry["hash"] = size, f"sha256:{sha}"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


Rows = list[list[str]]


def edit_csv(root: Path, table: str, change: Callable[[Rows], None], *, stamp: bool = True) -> None:
    path = root / f"data/{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))
    if stamp:
        restamp(root)


def column(rows: Rows, name: str) -> int:
    return rows[0].index(name)
