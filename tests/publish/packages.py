"""Hand-written test packages: rows in, a staged folder and a Package out (the real writer is built elsewhere)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from govpub.config import Agent, DatasetMeta, License
from govpub.package.model import Package, PackageFile

NAME = "inspection-reports"

MEASURES_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "measure_id", "type": "string", "title": "措施编号 / Measure id"},
        {"name": "report_id", "type": "string"},
        {"name": "ordinal", "type": "integer"},
        {"name": "summary", "type": "string"},
    ],
    "primaryKey": ["measure_id"],
}
REPORTS_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "report_id", "type": "string"},
        {"name": "title", "type": "string"},
        {"name": "publication_date", "type": "date"},
        {"name": "inspection_start", "type": "date"},
    ],
    "primaryKey": ["report_id"],
}

REPORTS = [
    {"report_id": "r1", "title": "关于巡察整改进展情况的通报", "publication_date": "2025-09-18",
     "inspection_start": "2024-04-08"},
]


def measures(n: int, *, prefix: str = "一是") -> list[dict[str, Any]]:
    return [{"measure_id": f"r1-m{i}", "report_id": "r1", "ordinal": i, "summary": f"{prefix}整改措施第{i}项"}
            for i in range(1, n + 1)]


def make_meta(name: str = NAME, *, title_en: str = "Inspection reports", base_url: str | None = None) -> DatasetMeta:
    return DatasetMeta(
        name=name, title_zh="巡察整改进展情况", title_en=title_en,
        description_zh="从巡察整改通报中抽取的措施。", description_en="Measures extracted from rectification notices.",
        publisher=Agent("govpub test publisher", url="https://example.org/govpub", email="opendata@example.org"),
        contact_point=Agent("open data desk", email="opendata@example.org"),
        licenses=(License("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),),
        keywords=("巡察整改", "inspection"), homepage="https://example.org/govpub", base_url=base_url,
    )


def _write_table(root: Path, table: str, rows: Sequence[dict[str, Any]], schema: dict[str, Any]) -> None:
    types = {"string": pa.string(), "integer": pa.int64(), "date": pa.string()}
    arrow_schema = pa.schema([(f["name"], types[f["type"]]) for f in schema["fields"]])
    data = pa.Table.from_pylist(list(rows), schema=arrow_schema)
    (root / "data").mkdir(parents=True, exist_ok=True)
    # A rebuilt package unlinks before writing: the old files may be hard links into a release.
    for ext in ("parquet", "csv"):
        (root / "data" / f"{table}.{ext}").unlink(missing_ok=True)
    pq.write_table(data, root / "data" / f"{table}.parquet")
    pacsv.write_csv(data, root / "data" / f"{table}.csv")


def make_package(root: Path, *, measure_rows: Sequence[dict[str, Any]] | None = None,
                 measures_schema: dict[str, Any] | None = None, name: str = NAME,
                 readme: str = "# 巡察整改进展情况\n", parquet_resources: bool = False) -> Package:
    """A package shaped like the package writer's: datapackage.json whose resources are the CSVs
    (inline schema, hash, bytes) and whose `files` list names every file (Parquet copies included,
    with their table), README.md, data/*.csv and data/*.parquet. parquet_resources=True also
    declares the Parquet files as resources (another valid shape)."""
    measure_rows = measures(3) if measure_rows is None else measure_rows
    schemas = {"measures": measures_schema or MEASURES_SCHEMA, "reports": REPORTS_SCHEMA}
    root.mkdir(parents=True, exist_ok=True)
    _write_table(root, "measures", measure_rows, schemas["measures"])
    _write_table(root, "reports", REPORTS, schemas["reports"])
    (root / "README.md").unlink(missing_ok=True)
    (root / "README.md").write_text(readme, encoding="utf-8")
    resources, file_list = [], []
    for table in ("measures", "reports"):
        for ext in ("csv", "parquet"):
            path = f"data/{table}.{ext}"
            data = (root / path).read_bytes()
            digest = f"sha256:{hashlib.sha256(data).hexdigest()}"
            file_list.append({"path": path, "format": ext, "bytes": len(data), "hash": digest, "table": table})
            if ext == "csv" or parquet_resources:
                resources.append({"name": table if ext == "csv" else f"{table}-parquet", "path": path,
                                  "format": ext, "title": f"{table} table", "hash": digest, "bytes": len(data),
                                  "schema": schemas[table]})
    data = (root / "README.md").read_bytes()
    file_list.append({"path": "README.md", "format": "md", "bytes": len(data),
                      "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"})
    descriptor = {"name": name, "title": "巡察整改进展情况", "version": "0.0.0", "created": "2026-01-01T00:00:00Z",
                  "resources": resources, "files": file_list}
    (root / "datapackage.json").unlink(missing_ok=True)
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    files = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and rel != "datapackage.json":
            data = p.read_bytes()
            media = "text/csv; charset=utf-8" if rel.endswith(".csv") else "application/octet-stream"
            files.append(PackageFile(rel, len(data), hashlib.sha256(data).hexdigest(), media))
    schema_blob = json.dumps(schemas, sort_keys=True).encode()
    content = hashlib.sha256(schema_blob)
    for f in files:
        if f.path.startswith("data/"):
            content.update(f"{f.path}:{f.sha256}".encode())
    return Package(root=root, name=name, descriptor=descriptor, files=tuple(files),
                   content_hash=content.hexdigest(), schema_hash=hashlib.sha256(schema_blob).hexdigest(),
                   row_counts={"measures": len(measure_rows), "reports": len(REPORTS)})
