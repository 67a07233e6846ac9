"""One segment's fragments in, its rendered files (CSV, Excel CSV, Parquet part) and their check results out.

Runs in a worker process: reads the documents' Arrow fragments, writes one folder that the
package assembler later lays end to end with the other segments' folders, and validates the
segment there and then, so that a cached segment is never checked twice.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from govpub.package.csv_render import header_line, render_rows_twice
from govpub.package.excel import _header
from govpub.package.fragments import DocFragment, FragmentSet, raw_schema, typed_table
from govpub.package.schemas import load_schemas
from govpub.package.segments import SegmentInfo, SegmentStore
from govpub.package.stream import BOM, HashingFile, RowGroups
from govpub.publish.pages_measures import measures_partial
from govpub.records import TABLES
from govpub.validate.segment import check_segment


@dataclass(frozen=True)
class RenderJob:
    prefix: str
    key: str  # "" when not cacheable: rendered into a work folder that is not reused
    docs: tuple[DocFragment, ...]  # in package order
    fragment_root: Path
    store_root: Path
    raw: bool  # also keep the raw rows (the package is small enough for a workbook)


@dataclass(frozen=True)
class Rendered:
    prefix: str
    folder: Path


class _NullsInRequired(Exception):
    def __init__(self, columns: frozenset[str]) -> None:
        super().__init__(sorted(columns))
        self.columns = columns


def render_segment(job: RenderJob) -> Rendered:
    """Write the segment into a temp folder of the store, check it, and publish the folder under its key."""
    store = SegmentStore(job.store_root)
    if job.key and store.has(job.key):
        return Rendered(job.prefix, store.path(job.key))  # another run rendered it meanwhile
    tmp = store.new_dir()
    try:
        fragments = FragmentSet(job.fragment_root, job.docs)
        info = _render(tmp, fragments, raw=job.raw)
        check = check_segment(tmp, job.prefix)
        # The release page's counts and preview of measures, for this segment's rows: the page of a
        # release combines the segments' instead of reading the whole table (pages_measures.combine).
        (tmp / "measures.json").write_text(json.dumps(measures_partial(tmp / "measures.csv").to_json(),
                                                      ensure_ascii=False), encoding="utf-8")
        (tmp / "check.json").write_text(json.dumps(check.to_json(), ensure_ascii=False), encoding="utf-8")
        (tmp / "info.json").write_text(json.dumps(info.to_json(), ensure_ascii=False), encoding="utf-8")
        folder = store.commit(tmp, job.key) if job.key else tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Rendered(job.prefix, folder)


def _render(folder: Path, fragments: FragmentSet, *, raw: bool) -> SegmentInfo:
    rows: dict[str, int] = {}
    headers: dict[str, int] = {}
    excel_headers: dict[str, int] = {}
    bodies: dict[str, str] = {}
    nullable: dict[str, tuple[str, ...]] = {}
    source_urls: list[str | None] = []
    for table in TABLES:
        required_nulls: frozenset[str] = frozenset()
        while True:  # a required column holding nulls (an invalid package) is rare: render again
            try:
                rows[table], headers[table], excel_headers[table], bodies[table] = _render_table(
                    folder, table, fragments, required_nulls, raw=raw,
                    source_urls=source_urls if table == "reports" else None)
                break
            except _NullsInRequired as exc:
                required_nulls |= exc.columns
                if table == "reports":
                    source_urls.clear()
        if required_nulls:
            nullable[table] = tuple(sorted(required_nulls))
    return SegmentInfo(rows=rows, header_bytes=headers, excel_header_bytes=excel_headers, body_sha256=bodies,
                       source_urls=tuple(source_urls), raw=raw, nullable_required=nullable)


def _render_table(folder: Path, table: str, fragments: FragmentSet, nullable: frozenset[str], *, raw: bool,
                  source_urls: list[str | None] | None) -> tuple[int, int, int, str]:
    schema = load_schemas()[table]
    fields: list[Any] = list(schema["fields"])
    required = frozenset(f["name"] for f in fields if f.get("constraints", {}).get("required", False))
    header = header_line([f["name"] for f in fields])
    excel_header = BOM + header_line([_header(f) for f in fields])
    canonical = HashingFile(folder / f"{table}.csv")
    excel = HashingFile(folder / f"{table}.excel.csv")
    canonical.write(header)
    excel.write(excel_header)
    body = hashlib.sha256()
    count = 0
    parquet = RowGroups(folder / f"{table}.parquet", table, schema, nullable)
    raw_writer = None
    try:
        for chunk in fragments.chunks(table):
            typed = typed_table(table, chunk, nullable)
            late = frozenset(n for n in required - nullable if typed.column(n).null_count)
            if late:
                parquet.abort()  # written under a schema that cannot hold these rows
                raise _NullsInRequired(late)
            rendered, excel_rows = render_rows_twice(chunk)
            canonical.write(rendered)
            body.update(rendered)
            excel.write(excel_rows)
            parquet.add(typed)
            count += chunk.num_rows
            if source_urls is not None:
                source_urls.extend(chunk.column("source_url").to_pylist())
            if raw:
                if raw_writer is None:
                    raw_writer = ipc.new_file(str(folder / f"{table}.arrow"), raw_schema(table))
                raw_writer.write_table(chunk)
        parquet.close()
    finally:
        canonical.close()
        excel.close()
        if raw_writer is not None:
            raw_writer.close()
    if raw and raw_writer is None:
        with ipc.new_file(str(folder / f"{table}.arrow"), raw_schema(table)) as empty:
            empty.write_table(raw_schema(table).empty_table())
    return count, len(header), len(excel_header), body.hexdigest()


def read_raw(folder: Path, table: str) -> pa.Table:
    with ipc.open_file(str(folder / f"{table}.arrow")) as reader:
        return reader.read_all()
