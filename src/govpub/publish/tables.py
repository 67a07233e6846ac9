"""A release's table files (Parquet or CSV bytes) in, rows keyed by primary key out, for diffs and coverage."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from govpub.errors import TerminalError

Row = tuple[Any, ...]


def table_files(descriptor: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """{table: {"csv": path, "parquet": path}} from the paths (data/<table>.<ext>) of the resources
    and of the package writer's `files` list (where the Parquet copies are listed)."""
    out: dict[str, dict[str, str]] = {}
    for res in list(descriptor.get("resources", ())) + list(descriptor.get("files", ())):
        path = str(res.get("path", "")) if isinstance(res, Mapping) else ""
        if not path.startswith("data/") or "/" in path[5:]:
            continue
        stem, _, ext = path[5:].rpartition(".")
        if ext in ("csv", "parquet") and stem:
            out.setdefault(stem, {})[ext] = path
    return out


def table_schemas(descriptor: Mapping[str, Any], load: Any = None) -> dict[str, dict[str, Any]]:
    """{table: Table Schema}; `load(path) -> bytes` resolves a schema given as a path."""
    out: dict[str, dict[str, Any]] = {}
    for res in descriptor.get("resources", ()):
        path = str(res.get("path", ""))
        schema = res.get("schema")
        if not path.startswith("data/") or schema is None:
            continue
        if isinstance(schema, str):
            if load is None:
                continue
            schema = json.loads(load(schema))
        stem = path[5:].rpartition(".")[0]
        out.setdefault(stem, dict(schema))
    return out


def read_rows(data: bytes, kind: str, source: str) -> list[dict[str, Any]]:
    """Every row as a dict. CSV values stay strings: compare CSV only with CSV."""
    try:
        if kind == "parquet":
            return list(pq.read_table(io.BytesIO(data)).to_pylist())
        text = data.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise TerminalError(f"cannot read table {source}: {type(exc).__name__}: {exc}", stage="publish") from None


def keyed(rows: list[dict[str, Any]], primary_key: list[str] | str | None) -> dict[Row, Row]:
    """{primary key values: all values}; without a key the whole row is its own key."""
    keys = [primary_key] if isinstance(primary_key, str) else list(primary_key or ())
    out: dict[Row, Row] = {}
    names: list[str] | None = None
    for row in rows:
        if names is None:
            names = sorted(row)
        values = tuple(_hashable(row.get(k)) for k in names)
        key = tuple(str(row.get(k)) for k in keys) if keys else values
        out[key] = values
    return out


def _hashable(value: Any) -> Any:
    # Scalars compare as they are (fast); lists and structs from Parquet become canonical JSON.
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, float) and value != value:
        return "NaN"  # NaN != NaN would mark every such row as changed
    return value


def count_rows(data: bytes, kind: str, source: str) -> int:
    """Rows in a table file; Parquet answers from its footer without decoding a page."""
    if kind == "parquet":
        try:
            return int(pq.ParquetFile(io.BytesIO(data)).metadata.num_rows)
        except Exception as exc:  # pyarrow raises many types for a damaged file
            raise TerminalError(f"cannot read table {source}: {type(exc).__name__}: {exc}", stage="publish") from None
    return len(read_rows(data, kind, source))


class ParquetColumns:
    """A Parquet file read one column at a time (what diff_arrow needs of a table): two releases
    of a large table are never both decoded whole."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self._file = pq.ParquetFile(io.BytesIO(data))
            self.schema = self._file.schema_arrow
        except Exception as exc:  # pyarrow raises many types for a damaged file
            raise TerminalError(f"cannot read table {source}: {type(exc).__name__}: {exc}", stage="publish") from None
        self.column_names = self.schema.names
        meta = self._file.metadata
        sizes = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
        self.group_starts = np.cumsum([0, *sizes])[:-1].astype(np.int64) if sizes else np.zeros(0, np.int64)

    def column(self, name: str) -> pa.ChunkedArray:
        try:
            return self._file.read(columns=[name]).column(0)
        except Exception as exc:  # pyarrow raises many types for a damaged file
            raise TerminalError(f"cannot read table {self.source}: {type(exc).__name__}: {exc}",
                                stage="publish") from None

    def group(self, name: str, index: int) -> pa.Array:
        try:
            return self._file.read_row_group(index, columns=[name]).column(0).combine_chunks()
        except Exception as exc:  # pyarrow raises many types for a damaged file
            raise TerminalError(f"cannot read table {self.source}: {type(exc).__name__}: {exc}",
                                stage="publish") from None


class _Groups:
    """A table's column a row group at a time (a pa.Table is one group), the last two kept."""

    def __init__(self, table: pa.Table | ParquetColumns, name: str) -> None:
        self.table, self.name = table, name
        self.starts = table.group_starts if isinstance(table, ParquetColumns) else np.zeros(1, np.int64)
        self._cache: dict[int, pa.Array] = {}

    def get(self, index: int) -> pa.Array:
        if index not in self._cache:
            if len(self._cache) >= 2:
                self._cache.pop(next(iter(self._cache)))
            self._cache[index] = self.table.group(self.name, index) if isinstance(self.table, ParquetColumns) \
                else self.table.column(self.name).combine_chunks()
        return self._cache[index]


def _differing(name: str, old: pa.Table | ParquetColumns, new: pa.Table | ParquetColumns,
               io_: np.ndarray, in_: np.ndarray) -> np.ndarray:
    """For each (old row, new row) pair: do the two values of column `name` differ? Pairs are
    visited by old row group, then new row group, so that only a few groups are decoded at once."""
    olds, news = _Groups(old, name), _Groups(new, name)
    og = np.searchsorted(olds.starts, io_, side="right") - 1
    ng = np.searchsorted(news.starts, in_, side="right") - 1
    order = np.lexsort((ng, og))
    out = np.zeros(len(io_), dtype=bool)
    bounds = np.flatnonzero(np.diff(og[order]) | np.diff(ng[order])) + 1 if len(order) else np.zeros(0, np.int64)
    for block in np.split(order, bounds) if len(order) else ():
        o, n = int(og[block[0]]), int(ng[block[0]])
        a = pc.take(olds.get(o), pa.array(io_[block] - olds.starts[o]))
        b = pc.take(news.get(n), pa.array(in_[block] - news.starts[n]))
        same = pc.or_(pc.fill_null(pc.equal(a, b), False), pc.and_(pc.is_null(a), pc.is_null(b)))
        if pa.types.is_floating(a.type):
            same = pc.or_(same, pc.fill_null(pc.and_(pc.is_nan(a), pc.is_nan(b)), False))
        out[block] = ~np.asarray(same.to_numpy(zero_copy_only=False), dtype=bool)
    return out


def _key_column(table: pa.Table | ParquetColumns, keys: list[str]) -> pa.Array | None:
    cols = [table.column(k) for k in keys]
    if any(not pa.types.is_string(c.type) or c.null_count for c in cols):
        return None  # keyed() compares str() of the values: only plain strings are the same here
    joined = cols[0] if len(cols) == 1 else pc.binary_join_element_wise(*cols, "\x1f")
    return joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined


def diff_arrow(old: pa.Table | ParquetColumns, new: pa.Table | ParquetColumns,
               primary_key: list[str] | str | None) -> tuple[int, int, int] | None:
    """(added, removed, changed) by primary key, what keyed() and a dict comparison count, with
    Arrow compute instead of a Python dict per row. None when this fast path does not apply
    (no key, duplicate or null keys, different columns or types): the caller uses keyed()."""
    keys = [primary_key] if isinstance(primary_key, str) else list(primary_key or ())
    names = sorted(new.column_names)
    if not keys or names != sorted(old.column_names) or any(k not in names for k in keys):
        return None
    if any(old.schema.field(n).type != new.schema.field(n).type for n in names):
        return None
    old_key, new_key = _key_column(old, keys), _key_column(new, keys)
    if old_key is None or new_key is None:
        return None
    if len(pc.unique(old_key)) != len(old_key) or len(pc.unique(new_key)) != len(new_key):
        return None  # duplicates: keyed() keeps the last row of each key
    added = len(new_key) - pc.sum(pc.is_in(new_key, value_set=old_key)).as_py() if len(new_key) else 0
    removed = len(old_key) - pc.sum(pc.is_in(old_key, value_set=new_key)).as_py() if len(old_key) else 0
    pairs = pa.table({"k": old_key, "io": pa.array(range(len(old_key)), pa.int64())}).join(
        pa.table({"k": new_key, "in": pa.array(range(len(new_key)), pa.int64())}), keys="k", join_type="inner")
    io_ = pairs.column("io").to_numpy()
    in_ = pairs.column("in").to_numpy()
    differ = np.zeros(len(io_), dtype=bool)
    for name in names:
        differ |= _differing(name, old, new, io_, in_)
    return int(added), int(removed), int(differ.sum())
