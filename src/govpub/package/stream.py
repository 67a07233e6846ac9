"""Arrow fragments (a FragmentSet) and the rejected list in, the same staged package build_package writes out.

Each table is written chunk by chunk: its canonical CSV and Excel CSV rendered by Arrow
compute (csv_render) and hashed as they are written, its Parquet through one ParquetWriter.
Peak memory is a chunk plus a Parquet row group, whatever the corpus size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.config import DATASET_NAME, DatasetMeta
from govpub.package.build import (
    CSV_MEDIA_TYPE,
    PARQUET_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    csv_path,
    finish_package,
    parquet_path,
)
from govpub.package.columns import columns_of, row_tuples, sort_rows, to_arrow
from govpub.package.csv_out import write_csv
from govpub.package.csv_render import header_line, render_rows_twice
from govpub.package.excel import WORKBOOK_MAX_CELLS, _header, write_excel_csv, write_workbook
from govpub.package.fragments import FragmentSet, typed_table
from govpub.package.model import Package
from govpub.package.parquet_out import TABLE_SCHEMA_KEY, dictionary_columns, write_parquet
from govpub.package.schemas import TABLE_NAMES, canonical_json, load_schemas
from govpub.records import TABLES, Rejected

ROW_GROUP_ROWS = 256 * 1024  # as parquet_out.write_parquet
ROW_GROUP_BYTES = 64 << 20  # a row group of long texts is flushed sooner: memory stays bounded
BOM = b"\xef\xbb\xbf"


class HashingFile:
    """A binary file that hashes what is written to it: no second read to checksum the package."""

    def __init__(self, path: Path) -> None:
        self._fh: BinaryIO = path.open("wb")
        self._sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | memoryview) -> None:
        self._fh.write(data)
        self._sha.update(data)
        self.size += len(data)

    def close(self) -> tuple[int, str]:
        self._fh.close()
        return self.size, self._sha.hexdigest()


def build_package_streaming(fragments: FragmentSet, meta: DatasetMeta, out_dir: Path, *, created: str,
                            rejected: Sequence[Rejected] = ()) -> Package:
    """What build_package(records, ...) writes, from fragments on disk, table by table."""
    schemas = load_schemas()
    out_dir = Path(out_dir)
    for sub in ("data", "excel"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    row_counts = {t: fragments.row_count(t) for t in TABLES}
    row_counts["rejected"] = len(rejected)
    cells = sum(len(schemas[t]["fields"]) * (row_counts[t] + 1) for t in TABLE_NAMES)
    small = cells <= WORKBOOK_MAX_CELLS
    written: list[tuple[str, str, str]] = []
    hashes: dict[str, tuple[int, str]] = {}
    source_urls: list[str | None] = []
    sheets: dict[str, tuple[Any, list[tuple[Any, ...]]]] = {}
    for table in TABLE_NAMES:
        if table == "rejected" or row_counts[table] == 0:
            # Tiny: the row-by-row writers of build_package, byte for byte.
            tuples = _small_table(out_dir, table, rejected if table == "rejected" else ())
        else:
            tuples = _stream_table(out_dir, table, fragments, hashes, source_urls, keep_rows=small)
        sheets[table] = (schemas[table], tuples)
        written += [(csv_path(table), CSV_MEDIA_TYPE, table), (parquet_path(table), PARQUET_MEDIA_TYPE, table)]

    book_name = meta.name if DATASET_NAME.match(meta.name) else "tables"
    if small:
        write_workbook(out_dir / f"excel/{book_name}.xlsx", sheets)
        written.append((f"excel/{book_name}.xlsx", XLSX_MEDIA_TYPE, "*"))
    else:
        (out_dir / f"excel/{book_name}.xlsx").unlink(missing_ok=True)
    written += [(f"excel/{t}.csv", CSV_MEDIA_TYPE, t) for t in TABLE_NAMES]
    return finish_package(meta, out_dir, created=created, written=written, row_counts=row_counts,
                          source_urls=source_urls, hashes=hashes)


def _small_table(out_dir: Path, table: str, rows: Sequence[object]) -> list[tuple[Any, ...]]:
    schema = load_schemas()[table]
    names = [f["name"] for f in schema["fields"]]
    tuples = row_tuples(sort_rows(table, rows, names), names)
    numbers = [i for i, f in enumerate(schema["fields"]) if f.get("type") == "number"]
    write_csv(out_dir / csv_path(table), names, tuples, number_columns=numbers)
    write_parquet(out_dir / parquet_path(table), to_arrow(columns_of(tuples, len(names)), schema), schema)
    write_excel_csv(out_dir / f"excel/{table}.csv", list(schema["fields"]), tuples)
    return tuples


def _stream_table(out_dir: Path, table: str, fragments: FragmentSet, hashes: dict[str, tuple[int, str]],
                  source_urls: list[str | None], *, keep_rows: bool) -> list[tuple[Any, ...]]:
    schema = load_schemas()[table]
    fields = list(schema["fields"])
    nullable = fragments.nullable_required(table)
    canonical = HashingFile(out_dir / csv_path(table))
    excel = HashingFile(out_dir / f"excel/{table}.csv")
    canonical.write(header_line([f["name"] for f in fields]))
    excel.write(BOM + header_line([_header(f) for f in fields]))
    kept: list[tuple[Any, ...]] = []
    parquet = _RowGroups(out_dir / parquet_path(table), table, schema, nullable)
    try:
        for chunk in fragments.chunks(table):
            rows, excel_rows = render_rows_twice(chunk)
            canonical.write(rows)
            excel.write(excel_rows)
            parquet.add(typed_table(table, chunk, nullable))
            if table == "reports":
                source_urls.extend(chunk.column("source_url").to_pylist())
            if keep_rows:  # only when the workbook is written: it is small then
                kept.extend(zip(*(c.to_pylist() for c in chunk.columns), strict=True))
        parquet.close()
    finally:
        hashes[csv_path(table)] = canonical.close()
        hashes[f"excel/{table}.csv"] = excel.close()
    return kept


class _RowGroups:
    """Typed chunks in, Parquet row groups out: ROW_GROUP_ROWS rows each (as write_parquet writes
    them), or fewer when a group's data passes ROW_GROUP_BYTES."""

    def __init__(self, path: Path, table: str, schema: Any, nullable: frozenset[str]) -> None:
        self.path, self.table, self.schema = path, table, schema
        self.pending: list[pa.Table] = []
        self.rows = 0
        self.bytes = 0
        self.writer: pq.ParquetWriter | None = None

    def add(self, typed: pa.Table) -> None:
        self.pending.append(typed)
        self.rows += typed.num_rows
        self.bytes += typed.nbytes
        while self.rows >= ROW_GROUP_ROWS:
            whole = pa.concat_tables(self.pending)
            self._write(whole.slice(0, ROW_GROUP_ROWS))
            rest = whole.slice(ROW_GROUP_ROWS)
            self.pending, self.rows, self.bytes = [rest], rest.num_rows, rest.nbytes
        if self.bytes >= ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self.pending and self.rows:
            self._write(pa.concat_tables(self.pending))
        self.pending, self.rows, self.bytes = [], 0, 0

    def _write(self, group: pa.Table) -> None:
        group = group.combine_chunks().replace_schema_metadata({TABLE_SCHEMA_KEY: canonical_json(self.schema)})
        if self.writer is None:
            self.writer = pq.ParquetWriter(
                str(self.path), group.schema, compression="zstd",
                use_dictionary=dictionary_columns(self.schema), write_statistics=True)
        self.writer.write_table(group, row_group_size=ROW_GROUP_ROWS)

    def close(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()
