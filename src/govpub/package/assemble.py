"""Rendered segments (folders, in package order) and the rejected list in, the staged package out.

Each table's CSV and Excel CSV are the segments' rows laid end to end under one header, and its
Parquet file their Parquet parts joined without decoding (parquet_concat), all hashed as written.
The result is byte for byte the package build_package_streaming would write in one pass, except
that Parquet row groups end at segment boundaries.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.config import DATASET_NAME, DatasetMeta
from govpub.package.build import (
    CSV_MEDIA_TYPE,
    PARQUET_MEDIA_TYPE,
    XLSX_MEDIA_TYPE,
    csv_path,
    finish_package,
    fresh_folder,
    parquet_path,
)
from govpub.package.excel import WORKBOOK_MAX_CELLS, fits_a_sheet, write_workbook
from govpub.package.fragments import raw_schema, typed_table
from govpub.package.hashing import file_sha256
from govpub.package.model import CheckedSegment, Package, Segment
from govpub.package.parquet_concat import concat_parquet
from govpub.package.schemas import TABLE_NAMES, load_schemas
from govpub.package.segment_render import read_raw
from govpub.package.segments import SegmentInfo
from govpub.package.stream import HashingFile, RowGroups, _small_table
from govpub.records import TABLES, Rejected

BLOCK = 4 << 20  # bytes copied at a time


def assemble_package(segments: Sequence[tuple[str, Path]], meta: DatasetMeta, out_dir: Path, *, created: str,
                     rejected: Sequence[Rejected] = ()) -> Package:
    """Lay the segments' files end to end into out_dir and describe the package."""
    out_dir = fresh_folder(Path(out_dir))
    schemas = load_schemas()
    infos = [(prefix, folder, SegmentInfo.read(folder)) for prefix, folder in segments]
    row_counts = {t: sum(info.rows[t] for _p, _f, info in infos) for t in TABLES}
    row_counts["rejected"] = len(rejected)
    cells = sum(len(schemas[t]["fields"]) * (row_counts[t] + 1) for t in TABLE_NAMES)
    small = cells <= WORKBOOK_MAX_CELLS and all(info.raw for _p, _f, info in infos)

    hashes: dict[str, tuple[int, str]] = {}
    layout: dict[str, tuple[Segment, ...]] = {}
    sheets: dict[str, tuple[Any, list[tuple[Any, ...]]]] = {}
    streamed = [t for t in TABLE_NAMES if t != "rejected" and row_counts[t] > 0]
    for table in TABLE_NAMES:
        if table not in streamed:  # tiny: the row writers of build_package, byte for byte
            sheets[table] = (schemas[table], _small_table(out_dir, table, rejected if table == "rejected" else ()))
    # Copying and hashing release the GIL: two tables at a time keep both cores busy.
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(_table_csv, out_dir, t, infos, hashes, layout) for t in streamed]
        jobs += [pool.submit(_table_excel_csv, out_dir, t, infos, hashes) for t in streamed
                 if fits_a_sheet(row_counts[t])]
        jobs += [pool.submit(_table_parquet, out_dir, t, infos, hashes) for t in streamed]
        for job in jobs:
            job.result()
    written: list[tuple[str, str, str]] = []
    for table in TABLE_NAMES:
        written += [(csv_path(table), CSV_MEDIA_TYPE, table), (parquet_path(table), PARQUET_MEDIA_TYPE, table)]
        if small and table in streamed:
            raw = pa.concat_tables([read_raw(folder, table) for _p, folder, _i in infos])
            sheets[table] = (schemas[table], list(zip(*(c.to_pylist() for c in raw.columns), strict=True)))

    book_name = meta.name if DATASET_NAME.match(meta.name) else "tables"
    if small:
        write_workbook(out_dir / f"excel/{book_name}.xlsx", {t: sheets[t] for t in TABLE_NAMES})
        written.append((f"excel/{book_name}.xlsx", XLSX_MEDIA_TYPE, "*"))
    written += [(f"excel/{t}.csv", CSV_MEDIA_TYPE, t) for t in TABLE_NAMES if fits_a_sheet(row_counts[t])]
    source_urls = [u for _p, _f, info in infos for u in info.source_urls]
    package = finish_package(meta, out_dir, created=created, written=written, row_counts=row_counts,
                             source_urls=source_urls, hashes=hashes)
    offsets: dict[str, int] = dict.fromkeys(TABLES, 0)
    checked = []
    for prefix, folder, info in infos:
        checked.append(CheckedSegment(prefix, json.loads((folder / "check.json").read_text(encoding="utf-8")),
                                      dict(offsets)))
        for t in TABLES:
            offsets[t] += info.rows[t]
    return dataclasses.replace(
        package, segments=layout, checked_segments=tuple(checked),
        measures_partials=tuple(json.loads((folder / "measures.json").read_text(encoding="utf-8"))
                                for _p, folder, _i in infos))


def _copy(out: HashingFile, source: Path, skip: int) -> int:
    copied = 0
    with source.open("rb") as fh:
        fh.seek(skip)
        while block := fh.read(BLOCK):
            out.write(block)
            copied += len(block)
    return copied


def _table_csv(out_dir: Path, table: str, infos: Sequence[tuple[str, Path, SegmentInfo]],
               hashes: dict[str, tuple[int, str]], layout: dict[str, tuple[Segment, ...]]) -> None:
    out = HashingFile(out_dir / csv_path(table))
    try:
        first = infos[0][1] / f"{table}.csv"
        with first.open("rb") as fh:
            out.write(fh.read(infos[0][2].header_bytes[table]))
        parts = []
        for prefix, folder, info in infos:
            start = out.size
            length = _copy(out, folder / f"{table}.csv", info.header_bytes[table])
            parts.append(Segment(prefix, start, length, info.rows[table], info.body_sha256[table]))
        layout[table] = tuple(parts)
    finally:
        hashes[csv_path(table)] = out.close()


def _table_excel_csv(out_dir: Path, table: str, infos: Sequence[tuple[str, Path, SegmentInfo]],
                     hashes: dict[str, tuple[int, str]]) -> None:
    out = HashingFile(out_dir / f"excel/{table}.csv")
    try:
        with (infos[0][1] / f"{table}.excel.csv").open("rb") as fh:
            out.write(fh.read(infos[0][2].excel_header_bytes[table]))
        for _prefix, folder, info in infos:
            _copy(out, folder / f"{table}.excel.csv", info.excel_header_bytes[table])
    finally:
        hashes[f"excel/{table}.csv"] = out.close()


def _table_parquet(out_dir: Path, table: str, infos: Sequence[tuple[str, Path, SegmentInfo]],
                   hashes: dict[str, tuple[int, str]]) -> None:
    path = out_dir / parquet_path(table)
    parts = [folder / f"{table}.parquet" for _p, folder, _i in infos]
    nullable = {info.nullable_required.get(table, ()) for _p, _f, info in infos}
    if len(nullable) == 1:
        out = HashingFile(path)
        try:
            concat_parquet(parts, out.write)
        finally:
            hashes[parquet_path(table)] = out.close()
        return
    # Segments disagree on which required columns hold nulls (so the package is invalid and will
    # not be published): decode the parts and write them again under one schema.
    union = frozenset(c for cols in nullable for c in cols)
    target = typed_table(table, raw_schema(table).empty_table(), union).schema
    groups = RowGroups(path, table, load_schemas()[table], union)
    for part in parts:
        groups.add(pq.read_table(part).cast(target))
    groups.close()
    hashes[parquet_path(table)] = file_sha256(path)
