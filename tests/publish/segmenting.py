"""Test helpers: packages of many reports, and their segments cut from the CSV bytes by report_id prefix."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from govpub.package.model import Package, Segment
from tests.publish.packages import make_package


def rows(reports: dict[str, int], *, edits: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Measure rows sorted by report id (as the package writer sorts them): `reports` maps a report
    id to its number of measures; `edits` maps a measure id to a new summary."""
    out = []
    for rid in sorted(reports):
        for i in range(1, reports[rid] + 1):
            mid = f"{rid}-m{i}"
            out.append({"measure_id": mid, "report_id": rid, "ordinal": i,
                        "summary": (edits or {}).get(mid, f"{rid} 整改措施第{i}项")})
    return out


def cut(root: Path, table: str, width: int) -> tuple[Segment, ...]:
    """Segments of data/<table>.csv: runs of rows whose report_id shares its first `width` characters."""
    data = (root / "data" / f"{table}.csv").read_bytes()
    lines = data.splitlines(keepends=True)
    header = next(csv.reader([lines[0].decode("utf-8")]))
    col = header.index("report_id")
    out: list[Segment] = []
    offset = len(lines[0])
    start, prefix, count = offset, None, 0
    for line in lines[1:]:
        p = next(csv.reader([line.decode("utf-8")]))[col][:width]
        if p != prefix and prefix is not None:
            out.append(Segment(prefix, start, offset - start, count, hashlib.sha256(data[start:offset]).hexdigest()))
            start, count = offset, 0
        prefix = p
        count += 1
        offset += len(line)
    if prefix is not None:
        out.append(Segment(prefix, start, offset - start, count, hashlib.sha256(data[start:offset]).hexdigest()))
    return tuple(out)


def segmented(root: Path, reports: dict[str, int], *, width: int = 1, edits: dict[str, str] | None = None) -> Package:
    package = make_package(root, measure_rows=rows(reports, edits=edits))
    return replace(package, segments={"measures": cut(root, "measures", width), "reports": cut(root, "reports", width)})
