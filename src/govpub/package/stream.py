"""Arrow fragments (a FragmentSet) and the rejected list in, the same staged package build_package writes out.

The writers the segment renderer uses: files hashed as they are written, Parquet row groups from
typed chunks, and the row-by-row writer for tiny tables. A table is written chunk by chunk, so
peak memory is a chunk plus a Parquet row group, whatever the corpus size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.config import DatasetMeta
from govpub.digests import remember
from govpub.package.build import csv_path, parquet_path
from govpub.package.columns import columns_of, row_tuples, sort_rows, to_arrow
from govpub.package.csv_out import write_csv
from govpub.package.excel import write_excel_csv
from govpub.package.fragments import FragmentSet, raw_schema, typed_table
from govpub.package.model import Package
from govpub.package.parquet_out import TABLE_SCHEMA_KEY, dictionary_columns, write_parquet
from govpub.package.schemas import canonical_json, load_schemas
from govpub.package.segments import DocRef
from govpub.records import Rejected

ROW_GROUP_ROWS = 256 * 1024  # as parquet_out.write_parquet
ROW_GROUP_BYTES = 64 << 20  # a row group of long texts is flushed sooner: memory stays bounded
BOM = b"\xef\xbb\xbf"


class HashingFile:
    """A binary file that hashes what is written to it: no second read to checksum the package."""

    def __init__(self, path: Path) -> None:
        # A new inode, never the old file truncated: a published release may hold a hard link
        # to the file an earlier run wrote under this name.
        path.unlink(missing_ok=True)
        self.path = path
        self._fh: BinaryIO = path.open("wb")
        self._sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | memoryview) -> None:
        self._fh.write(data)
        self._sha.update(data)
        self.size += len(data)

    def close(self) -> tuple[int, str]:
        self._fh.close()
        digest = self._sha.hexdigest()
        remember(self.path, self.size, digest)  # so publish never reads the file again to hash it
        return self.size, digest


def build_package_streaming(fragments: FragmentSet, meta: DatasetMeta, out_dir: Path, *, created: str,
                            rejected: Sequence[Rejected] = (), store_root: Path | None = None,
                            executor: Executor | None = None, refs: Sequence[DocRef] | None = None) -> Package:
    """What build_package(records, ...) writes, from fragments on disk, a segment at a time
    (package.segment_build): with store_root, segments rendered by earlier runs are reused."""
    from govpub.package.segment_build import build_segmented  # it builds on this module's writers

    return build_segmented(fragments, meta, out_dir, created=created, rejected=rejected, store_root=store_root,
                           executor=executor, refs=refs)


def _small_table(out_dir: Path, table: str, rows: Sequence[object]) -> list[tuple[Any, ...]]:
    schema = load_schemas()[table]
    names = [f["name"] for f in schema["fields"]]
    tuples = row_tuples(sort_rows(table, rows, names), names)
    numbers = [i for i, f in enumerate(schema["fields"]) if f.get("type") == "number"]
    write_csv(out_dir / csv_path(table), names, tuples, number_columns=numbers)
    write_parquet(out_dir / parquet_path(table), to_arrow(columns_of(tuples, len(names)), schema), schema)
    write_excel_csv(out_dir / f"excel/{table}.csv", list(schema["fields"]), tuples)
    return tuples


class RowGroups:
    """Typed chunks in, Parquet row groups out: ROW_GROUP_ROWS rows each (as write_parquet writes
    them), or fewer when a group's data passes ROW_GROUP_BYTES."""

    def __init__(self, path: Path, table: str, schema: Any, nullable: frozenset[str]) -> None:
        self.path, self.table, self.schema, self.nullable = path, table, schema, nullable
        self.path.unlink(missing_ok=True)  # a new inode (see HashingFile)
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
        if self.writer is None:  # no rows: a file with the schema and no row group
            self._write(typed_table(self.table, raw_schema(self.table).empty_table(), self.nullable))
        if self.writer is not None:
            self.writer.close()

    def abort(self) -> None:
        """Drop what was written (the caller starts the table again)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.path.unlink(missing_ok=True)
