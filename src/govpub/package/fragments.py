"""One document's Records in, Arrow tables on disk out; and back, table by table, in package order.

Rows live as Python dataclasses only while one document is extracted: each document's rows
become raw Arrow tables right away (strings and dates as written, integers int64, numbers
float64: what the CSV shows), a batch of documents is one Arrow IPC file per table with one
record batch per document, and the package writer reads them back a few hundred documents at
a time in report-id order. Memory is bounded by a chunk, not by the corpus.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from govpub.package.columns import empty_to_null, parse_dates
from govpub.package.schemas import load_schemas
from govpub.records import TABLES, Records

RAW_TYPES: Mapping[str, pa.DataType] = {"integer": pa.int64(), "number": pa.float64()}  # others: string
# A chunk handed to the writers: enough rows that Arrow compute amortises, few enough to stay small.
CHUNK_ROWS = 50_000
CHUNK_DOCS = 500


@cache
def raw_schema(table: str) -> pa.Schema:
    """The Arrow schema a table's fragments are stored in (every field nullable)."""
    fields = load_schemas()[table]["fields"]
    return pa.schema([pa.field(f["name"], RAW_TYPES.get(str(f.get("type", "string")), pa.string()))
                      for f in fields])


def raw_table(table: str, rows: Sequence[object]) -> pa.Table:
    """Dataclass rows (or Rejected values) to a raw Arrow table; a value of the wrong Python
    type raises (pa.ArrowInvalid / ArrowTypeError / TypeError), it is never silently changed."""
    schema = raw_schema(table)
    if not rows:
        return schema.empty_table()
    get = operator.attrgetter(*schema.names)
    tuples = [get(r) for r in rows] if len(schema.names) > 1 else [(get(r),) for r in rows]
    columns = [pa.array(col, type=f.type) for col, f in zip(zip(*tuples, strict=True), schema, strict=True)]
    return pa.Table.from_arrays(columns, schema=schema)


def raw_tables(records: Records) -> dict[str, pa.Table]:
    return {t: raw_table(t, records.table(t)) for t in TABLES}


def raw_tables_many(parts: Sequence[Records]) -> list[dict[str, pa.Table]]:
    """raw_tables for many documents at once (one pa.array call per column, not per document),
    returned as zero-copy slices per document."""
    out: list[dict[str, pa.Table]] = [{} for _ in parts]
    for t in TABLES:
        whole = raw_table(t, [row for part in parts for row in part.table(t)])
        start = 0
        for i, part in enumerate(parts):
            n = len(part.table(t))
            out[i][t] = whole.slice(start, n)
            start += n
    return out


def to_ipc(tables: Mapping[str, pa.Table]) -> dict[str, bytes]:
    """A document's tables as Arrow IPC stream bytes: a slice is stored alone (pickle would
    carry the whole buffer it was cut from)."""
    out: dict[str, bytes] = {}
    for t, data in tables.items():
        sink = pa.BufferOutputStream()
        with ipc.new_stream(sink, data.schema) as writer:
            writer.write_table(data)
        out[t] = sink.getvalue().to_pybytes()
    return out


def from_ipc(blobs: Mapping[str, bytes]) -> dict[str, pa.Table]:
    return {t: ipc.open_stream(pa.py_buffer(b)).read_all() for t, b in blobs.items()}


def typed_columns(table: str, raw: pa.Table) -> list[pa.Array]:
    """Raw columns to the declared Parquet types: dates parsed (bad ones null), '' as null."""
    out: list[pa.Array] = []
    for f, col in zip(load_schemas()[table]["fields"], raw.columns, strict=True):
        values = col.combine_chunks()
        kind = str(f.get("type", "string"))
        if kind == "date":
            values = parse_dates(values)
        elif kind == "string":
            values = empty_to_null(values)
        out.append(values)
    return out


def required_with_nulls(table: str, raw: pa.Table) -> frozenset[str]:
    """Required columns that hold a null once typed: their Parquet field must be nullable
    (columns.to_arrow decides the same from the whole column)."""
    fields = load_schemas()[table]["fields"]
    return frozenset(f["name"] for f, v in zip(fields, typed_columns(table, raw), strict=True)
                     if f.get("constraints", {}).get("required", False) and v.null_count > 0)


def typed_table(table: str, raw: pa.Table, nullable_required: frozenset[str]) -> pa.Table:
    fields = load_schemas()[table]["fields"]
    arrays = typed_columns(table, raw)
    schema = pa.schema([
        pa.field(f["name"], a.type,
                 nullable=not f.get("constraints", {}).get("required", False) or f["name"] in nullable_required)
        for f, a in zip(fields, arrays, strict=True)])
    return pa.Table.from_arrays(arrays, schema=schema)


@dataclass(frozen=True)
class DocFragment:
    """Where one document's rows are: record batch `slot` of the batch's file for each table."""

    order: int  # position among the run's sources: breaks ties between equal report ids
    report_id: str
    batch: int
    slot: int
    rows: Mapping[str, int]
    # The folder of its batch files when it is not the FragmentSet's root: the Prefect flow keeps
    # each batch in a folder of its own (named by its cache key), so one package reads many roots.
    root: Path | None = None
    key: str | None = None  # the extraction cache's content key; None when not cacheable (segments.py)


def fragment_path(root: Path, batch: int, table: str) -> Path:
    return root / f"b{batch:06d}.{table}.arrow"


def write_batch(root: Path, batch: int, docs: Sequence[Mapping[str, pa.Table]]) -> None:
    """One IPC file per table, one record batch per document (an empty one when it has no rows)."""
    root.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        schema = raw_schema(table)
        with pa.OSFile(str(fragment_path(root, batch, table)), "wb") as sink, \
                ipc.new_file(sink, schema) as writer:
            for doc in docs:
                data = doc[table]
                if data.num_rows:
                    writer.write_batch(data.combine_chunks().to_batches()[0])
                else:
                    writer.write_batch(pa.RecordBatch.from_pylist([], schema=schema))


@dataclass(frozen=True)
class FragmentSet:
    """Every document's fragments, in package order (report id, then source order)."""

    root: Path
    docs: tuple[DocFragment, ...]
    nulls: frozenset[tuple[str, str]] = frozenset()  # (table, required column) holding a null once typed

    @staticmethod
    def of(root: Path, docs: Sequence[DocFragment], nulls: frozenset[tuple[str, str]] = frozenset()) -> FragmentSet:
        return FragmentSet(root, tuple(sorted(docs, key=lambda d: (d.report_id, d.order))), nulls)

    def row_count(self, table: str) -> int:
        return sum(d.rows.get(table, 0) for d in self.docs)

    def nullable_required(self, table: str) -> frozenset[str]:
        return frozenset(col for t, col in self.nulls if t == table)

    def chunks(self, table: str, *, max_rows: int = CHUNK_ROWS, max_docs: int = CHUNK_DOCS) -> Iterator[pa.Table]:
        """The table's rows in package order, a bounded chunk at a time."""
        readers: dict[tuple[Path, int], Any] = {}
        files: list[Any] = []
        try:
            pending: list[pa.RecordBatch] = []
            rows = 0
            for doc in self.docs:
                if not doc.rows.get(table, 0):
                    continue
                where = (doc.root or self.root, doc.batch)
                reader = readers.get(where)
                if reader is None:
                    # Plain file reads, not memory maps: pages read once are not kept resident.
                    fh = pa.OSFile(str(fragment_path(*where, table)), "rb")
                    files.append(fh)
                    reader = readers[where] = ipc.open_file(fh)
                pending.append(reader.get_batch(doc.slot))
                rows += doc.rows[table]
                if rows >= max_rows or len(pending) >= max_docs:
                    yield pa.Table.from_batches(pending, schema=raw_schema(table))
                    pending, rows = [], 0
            if pending:
                yield pa.Table.from_batches(pending, schema=raw_schema(table))
        finally:
            for fh in files:
                fh.close()
