"""Records (and the rejected list) in, a staged data package folder and its Package value out."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from govpub.config import DATASET_NAME, DatasetMeta
from govpub.package.columns import columns_of, row_tuples, sort_rows, to_arrow
from govpub.package.csv_out import write_csv
from govpub.package.descriptor import build_descriptor
from govpub.package.excel import (
    WORKBOOK_MAX_CELLS,
    fits_a_sheet,
    workbook_cells,
    write_excel_csv,
    write_workbook,
)
from govpub.package.hashing import content_hash, file_sha256, schema_hash
from govpub.package.model import Package, PackageFile
from govpub.package.parquet_out import write_parquet
from govpub.package.readme import render_readme
from govpub.package.schemas import TABLE_NAMES, load_schemas, thaw
from govpub.records import Records, Rejected

CSV_MEDIA_TYPE = "text/csv"
PARQUET_MEDIA_TYPE = "application/vnd.apache.parquet"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKDOWN_MEDIA_TYPE = "text/markdown; charset=utf-8"


def fresh_folder(out_dir: Path) -> Path:
    """out_dir emptied, with data/ and excel/. Never write into a file an earlier package left:
    publish hard-links package files into releases, so that would change a published version."""
    shutil.rmtree(out_dir, ignore_errors=True)
    for sub in ("data", "excel"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    return out_dir


def csv_path(table: str) -> str:
    return f"data/{table}.csv"


def parquet_path(table: str) -> str:
    return f"data/{table}.parquet"


def _rows(records: Records, rejected: Sequence[Rejected], table: str) -> Sequence[object]:
    return tuple(rejected) if table == "rejected" else records.table(table)


def build_package(records: Records, meta: DatasetMeta, out_dir: Path, *, created: str,
                  rejected: Sequence[Rejected] = ()) -> Package:
    """Write data/<table>.csv and .parquet for every table (and the Excel copy), README.md,
    and datapackage.json (Data Package v2; version "0.0.0" until publish stamps it) into
    out_dir. `created` is an ISO datetime passed in: stages never read the clock."""
    schemas = load_schemas()
    out_dir = fresh_folder(Path(out_dir))

    row_counts: dict[str, int] = {}
    sorted_tuples: dict[str, list[tuple[Any, ...]]] = {}
    written: list[tuple[str, str, str]] = []  # (path, descriptor mediatype, table whose rows it holds)
    for table in TABLE_NAMES:
        schema = schemas[table]
        names = [f["name"] for f in schema["fields"]]
        rows = sort_rows(table, _rows(records, rejected, table), names)
        tuples = row_tuples(rows, names)
        numbers = [i for i, f in enumerate(schema["fields"]) if f.get("type") == "number"]
        write_csv(out_dir / csv_path(table), names, tuples, number_columns=numbers)
        write_parquet(out_dir / parquet_path(table), to_arrow(columns_of(tuples, len(names)), schema), schema)
        row_counts[table] = len(tuples)
        sorted_tuples[table] = tuples
        written += [(csv_path(table), CSV_MEDIA_TYPE, table), (parquet_path(table), PARQUET_MEDIA_TYPE, table)]

    # A dataset name that is not path-safe never becomes a file name.
    book_name = meta.name if DATASET_NAME.match(meta.name) else "tables"
    sheets = {t: (schemas[t], sorted_tuples[t]) for t in TABLE_NAMES}
    if workbook_cells(sheets) <= WORKBOOK_MAX_CELLS:
        write_workbook(out_dir / f"excel/{book_name}.xlsx", sheets)
        written.append((f"excel/{book_name}.xlsx", XLSX_MEDIA_TYPE, "*"))
    for table in TABLE_NAMES:
        if fits_a_sheet(len(sorted_tuples[table])):
            write_excel_csv(out_dir / f"excel/{table}.csv", list(schemas[table]["fields"]), sorted_tuples[table])
            written.append((f"excel/{table}.csv", CSV_MEDIA_TYPE, table))
    return finish_package(meta, out_dir, created=created, written=written, row_counts=row_counts,
                          source_urls=[r.source_url for r in records.reports])


def finish_package(meta: DatasetMeta, out_dir: Path, *, created: str, written: Sequence[tuple[str, str, str]],
                   row_counts: Mapping[str, int], source_urls: Sequence[str | None],
                   hashes: Mapping[str, tuple[int, str]] | None = None) -> Package:
    """Hash the written files (unless the writer hashed them while writing), then write
    README.md and datapackage.json and return the Package."""
    schemas = load_schemas()
    files: list[PackageFile] = []
    known = dict(hashes or {})
    hashes = {}
    for path, media, _table in written:
        size, sha = known[path] if path in known else file_sha256(out_dir / path)
        hashes[path] = (size, sha)
        charset = "; charset=utf-8" if media == CSV_MEDIA_TYPE else ""
        files.append(PackageFile(path=path, bytes=size, sha256=sha, media_type=media + charset))

    readme = render_readme(meta, schemas, dict(row_counts), files)
    (out_dir / "README.md").write_bytes(readme.encode("utf-8"))
    size, sha = file_sha256(out_dir / "README.md")
    files.append(PackageFile(path="README.md", bytes=size, sha256=sha, media_type=MARKDOWN_MEDIA_TYPE))

    resources = [_resource(t, schemas[t], hashes[csv_path(t)]) for t in TABLE_NAMES]
    tables_of = {path: table for path, _media, table in written}
    file_entries = [_file_entry(f, tables_of.get(f.path)) for f in files]
    descriptor = build_descriptor(meta, created=created, resources=resources, files=file_entries,
                                  source_urls=list(source_urls))
    (out_dir / "datapackage.json").write_bytes(
        (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    # Content is the canonical CSVs and the schemas: Parquet holds the same rows (validation
    # checks it) but its bytes also depend on the pyarrow version that wrote them.
    data_files = [(csv_path(t), hashes[csv_path(t)][1]) for t in TABLE_NAMES]
    return Package(
        root=out_dir,
        name=meta.name,
        descriptor=descriptor,
        files=tuple(files),
        content_hash=content_hash(data_files, schemas),
        schema_hash=schema_hash(schemas),
        row_counts=dict(row_counts),
    )


def _resource(table: str, schema: Mapping[str, Any], size_sha: tuple[int, str]) -> dict[str, Any]:
    plain = thaw(schema)
    resource: dict[str, Any] = {
        "name": table,
        "type": "table",
        "path": csv_path(table),
        "format": "csv",
        "mediatype": CSV_MEDIA_TYPE,
        "encoding": "utf-8",
        "bytes": size_sha[0],
        "hash": f"sha256:{size_sha[1]}",
        "title": plain.get("title", table),
        "title_zh": plain.get("title_zh", ""),
        "description": plain.get("description", ""),
        "description_zh": plain.get("description_zh", ""),
        "schema": plain,
    }
    return resource


def _file_entry(f: PackageFile, table: str | None) -> dict[str, Any]:
    """An entry of the descriptor's `files` manifest: every file of the package, with the
    table whose rows it holds ("*" for the workbook); Parquet and Excel copies live only here."""
    entry: dict[str, Any] = {
        "path": f.path,
        "format": f.path.rsplit(".", 1)[-1],
        "mediatype": f.media_type.split(";")[0],
        "bytes": f.bytes,
        "hash": f"sha256:{f.sha256}",
    }
    if table:
        entry["table"] = table
    return entry
